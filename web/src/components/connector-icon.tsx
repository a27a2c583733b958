/**
 * A connector's icon: an image URL or an emoji as given; anything else (a name such as
 * `hubspot`) as the connector's initial on a colour of its own.
 */
export function ConnectorIcon({ icon, name }: { icon: string | null; name: string }) {
  if (icon && /^(https?:\/\/|\/)/.test(icon)) return <img className="connector-icon" src={icon} alt="" />;
  if (icon && [...icon].length <= 2) {
    return (
      <span className="connector-icon" aria-hidden="true">
        {icon}
      </span>
    );
  }
  const hue = [...name].reduce((sum, char) => sum + char.charCodeAt(0), 0) % 360;
  return (
    <span className="connector-icon initial" style={{ background: `hsl(${hue} 55% 92%)`, color: `hsl(${hue} 50% 30%)` }} aria-hidden="true">
      {name.charAt(0).toUpperCase()}
    </span>
  );
}
