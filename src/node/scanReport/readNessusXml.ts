// Streams a .nessus (v2) file through sax into NessusReportBuilder. Why sax
// (1.6.1): it is maintained, has no dependencies, never reads a DTD nor
// fetches or expands declared entities (strictEntities: only the five XML
// ones), keeps line and column for messages, and bounds its own buffers: a
// tag name, attribute value, comment or DOCTYPE longer than 64 KiB is an
// error, and text is handed over in pieces of at most 64 KiB, so no part of a
// hostile file makes it buffer without end.
//
// Refused before anything is kept: bytes that are not UTF-8, anything that
// is not well-formed XML, a DOCTYPE (Nessus never writes one; refusing it
// closes the door on entity-expansion files such as the "billion laughs"),
// a root element other than <NessusClientData_v2>, a second root element
// after it, and a file that ends with elements still open (cut short). Each message names the line and column.
import sax from 'sax';
import { NessusReportBuilder, type XmlAt } from '../../core/scanReport/nessusReportBuilder';
import { ScanReportError, type ImportCounts, type ReportHost } from '../../core/scanReport/types';

/** sax's own bound on one buffered token (see saxPackage.d.ts). */
const TOKEN_LIMIT = 64 * 1024;

export async function readNessusXml(chunks: AsyncIterable<Buffer>): Promise<{ hosts: ReportHost[]; counts: ImportCounts }> {
  const builder = new NessusReportBuilder();
  const parser = new sax.SAXParser(true, { strictEntities: true, position: true });
  const at = (): XmlAt => ({ line: parser.line + 1, column: parser.column + 1 });
  let failure: ScanReportError | undefined;
  const fail = (error: ScanReportError): never => {
    failure = error;
    throw error;
  };
  // Where the element's "<" is: sax is just past its name (and one character more) when it names the tag.
  let tagStart: XmlAt = { line: 1, column: 1 };
  parser.onopentagstart = (tag) => { tagStart = { line: parser.line + 1, column: Math.max(1, parser.column - tag.name.length - 1) }; };
  parser.onopentag = (tag) => builder.openTag(tag.name, tag.attributes, tagStart);
  parser.onclosetag = (name) => builder.closeTag(name);
  // Most text is whitespace between elements or parts of skipped ones: it is dropped unseen.
  parser.ontext = (text) => { if (builder.wantsText) builder.text(text, at()); };
  parser.oncdata = (text) => { if (builder.wantsText) builder.text(text, at()); };
  parser.ondoctype = () => fail(new ScanReportError('doctype', `The file declares a DOCTYPE (it ends at line ${at().line}, column ${at().column}). Nessus reports never do, and a DOCTYPE's entity declarations can expand a small file into gigabytes, so it is refused unread.`, at()));
  parser.onerror = (error) => fail(fromSaxError(error, at(), builder, { tag: parser.tagName, attribute: parser.attribName, start: tagStart }));

  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  try {
    for await (const chunk of chunks) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new ScanReportError('not-text', `The file is not UTF-8 text: the bytes near offset ${offset + firstBadByte(chunk)} (around line ${at().line}) are binary. A .nessus report is UTF-8 XML; check that this is the exported file.`, at());
      }
      offset += chunk.length;
      parser.write(text);
    }
    try {
      parser.write(decoder.decode());
    } catch {
      throw new ScanReportError('truncated', `The file ends in the middle of a UTF-8 character (line ${at().line}): it is cut short. Export the report again or copy it whole.`, at());
    }
    if (builder.innermost() === undefined) {
      // Nothing is open: close() can still find text after the root, which is an error sax reports.
      parser.close();
    }
  } catch (error) {
    if (failure) throw failure;
    throw error;
  }
  return builder.finish(at());
}

/** sax's messages are terse ("Unexpected close tag"): say the same in words a person can act on, with where. */
function fromSaxError(error: Error, at: XmlAt, builder: NessusReportBuilder, current: { tag: string; attribute: string; start: XmlAt }): ScanReportError {
  const first = error.message.split('\n', 1)[0] ?? error.message;
  const place = `line ${at.line}, column ${at.column}`;
  const open = builder.innermost();
  if (first.startsWith('Max buffer length exceeded')) {
    if (/attribValue|attribName/.test(first) && current.tag !== '') {
      const attribute = current.attribute === '' ? 'an attribute' : `the attribute "${current.attribute.slice(0, 40)}"`;
      return new ScanReportError('too-large-item', `The element <${current.tag.slice(0, 40)}> at line ${current.start.line}, column ${current.start.column} has ${attribute} longer than ${TOKEN_LIMIT} characters (still going at ${place}): no Nessus report has one that long. The file is refused rather than buffered.`, current.start);
    }
    const what = /doctype/.test(first) ? 'A DOCTYPE' : /comment/.test(first) ? 'A comment' : /tagName/.test(first) ? 'An element name' : 'A tag or declaration';
    return new ScanReportError('too-large-item', `${what} still going at ${place} is longer than ${TOKEN_LIMIT} characters${open ? ` (inside <${open.name}>)` : ''}: no Nessus report has one that long. The file is refused rather than buffered.`, at);
  }
  if (first.startsWith('Non-whitespace before first tag') || first.startsWith('Text data outside of root node')) {
    return new ScanReportError('not-xml', `Not XML: ${first.startsWith('Non') ? 'the file starts with text, not markup' : 'there is text after the root element'} (${place}). A .nessus report is XML starting with <?xml …?> or <NessusClientData_v2>.`, at);
  }
  if (first.startsWith('Unclosed root tag') || first.startsWith('Unexpected end')) {
    return new ScanReportError('truncated', `The file is cut short at ${place}${open ? `, inside <${open.name}> (opened at line ${open.line})` : ''}. Export the report again or copy it whole.`, at);
  }
  if (first.includes('entity')) {
    return new ScanReportError('not-xml', `Not well-formed XML at ${place}: ${first.toLowerCase()} (only &amp; &lt; &gt; &quot; &apos; and character references are XML's own).`, at);
  }
  return new ScanReportError('not-xml', `Not well-formed XML at ${place}: ${first}.`, at);
}

/** Where in the chunk UTF-8 decoding first fails: a decodable prefix stays decodable, so a binary search finds it in a few decodes. */
function firstBadByte(chunk: Buffer): number {
  let good = 0;
  let bad = chunk.length;
  while (bad - good > 1) {
    const middle = (good + bad) >>> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(0, middle), { stream: true });
      good = middle;
    } catch {
      bad = middle;
    }
  }
  return good;
}
