import { MsrpError } from '../errors.js';

/** Escapes text for XML element content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Decodes the five predefined entities and character references. */
export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_, entity: string) => {
    switch (entity) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default: {
        const code = entity.startsWith('#x')
          ? parseInt(entity.slice(2), 16)
          : parseInt(entity.slice(1), 10);
        return String.fromCodePoint(code);
      }
    }
  });
}

/**
 * A small reader for the flat XML documents of RFC 3994 and RFC 5438: checks the root element and
 * its namespace (any prefix), and finds child elements by local name. Not a general XML parser:
 * no DTDs, no CDATA.
 */
export class XmlDocument {
  readonly #xml: string;

  constructor(xml: string, rootName: string, namespace: string) {
    const body = xml.replace(/<\?xml[^?]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '');
    const root = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)([^>]*)>/.exec(body);
    if (!root || root[2] !== rootName) {
      throw new MsrpError('INVALID_XML', `expected a <${rootName}> document`);
    }
    const prefix = root[1] === undefined ? '' : root[1].slice(0, -1);
    const attribute = prefix === '' ? 'xmlns' : `xmlns:${prefix}`;
    const declared = new RegExp(
      `${attribute.replace('.', '\\.')}\\s*=\\s*("([^"]*)"|'([^']*)')`,
    ).exec(root[3] ?? '');
    if ((declared?.[2] ?? declared?.[3]) !== namespace) {
      throw new MsrpError('INVALID_XML', `<${rootName}> is not in namespace ${namespace}`);
    }
    if (!new RegExp(`</(${prefix === '' ? '' : `${prefix}:`})${rootName}\\s*>`).test(body)) {
      throw new MsrpError('INVALID_XML', `<${rootName}> is not closed`);
    }
    this.#xml = body;
  }

  /** The text of the first element called `name` (any prefix), trimmed and unescaped. */
  text(name: string): string | undefined {
    const match = new RegExp(
      `<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:[\\w.-]+:)?${name}\\s*>`,
    ).exec(this.#xml);
    return match ? unescapeXml((match[1] ?? '').trim()) : undefined;
  }

  /** The inner XML of the first element called `name`. */
  inner(name: string): string | undefined {
    const match = new RegExp(
      `<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}\\s*>`,
    ).exec(this.#xml);
    return match?.[1];
  }

  has(name: string): boolean {
    return new RegExp(`<(?:[\\w.-]+:)?${name}[\\s/>]`).test(this.#xml);
  }
}

/** The local names of the elements directly in `xml` (a fragment). */
export function elementNames(xml: string): string[] {
  return [...xml.matchAll(/<(?:[\w.-]+:)?([A-Za-z_][\w.-]*)[\s/>]/g)].map((m) => m[1] ?? '');
}
