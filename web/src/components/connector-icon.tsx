/**
 * A connector's icon: an image given inline (a `data:` URL) or an emoji as given; anything else
 * (a name such as `hubspot`, or a link stored before links were refused, which the page's policy
 * would not load) as the connector's initial on a colour of its own.
 */
export function ConnectorIcon({ icon, name }: { icon: string | null; name: string }) {
  if (icon?.startsWith('data:image/')) return <img className="connector-icon" src={icon} alt="" />;
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
