import { XMLParser, XMLValidator } from 'fast-xml-parser';

// Values stay text as written: a VAT number 0420834005 is not the number 420834005.
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
});

/**
 * An XML document as data, as templates and mappings read it: elements as keys, attributes as
 * `@name`, every value text. The builder reads a pasted sample answer the same way.
 */
export function readXml(text: string): unknown {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`is not valid XML (${valid.err.msg}, line ${valid.err.line})`);
  return xml.parse(text) as unknown;
}
