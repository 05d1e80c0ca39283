// Types for the `sax` package (1.x ships none), limited to what the .nessus
// reader calls: a strict parser, its events, its position and its limit.
declare module 'sax' {
  export interface QualifiedTag {
    name: string;
    attributes: Record<string, string>;
    isSelfClosing: boolean;
  }
  export interface SAXOptions {
    /** Only the five XML entities (&amp; &lt; &gt; &quot; &apos;), not HTML's. */
    strictEntities?: boolean;
    position?: boolean;
  }
  interface SAXParser {
    /** Zero-based line and column of the character being read. */
    line: number;
    column: number;
    position: number;
    /** Set after an error; cleared by resume(). */
    error: Error | null;
    /** The element and attribute names being read. */
    tagName: string;
    attribName: string;
    onopentagstart: (tag: { name: string }) => void;
    onopentag: (tag: QualifiedTag) => void;
    onclosetag: (name: string) => void;
    ontext: (text: string) => void;
    oncdata: (text: string) => void;
    ondoctype: (doctype: string) => void;
    onerror: (error: Error) => void;
    write(chunk: string): this;
    close(): this;
  }
  /** sax is CommonJS: imported as its default export, which works both bundled and as an ES module. */
  const sax: {
    SAXParser: new (strict: boolean, options?: SAXOptions) => SAXParser;
    /** Longest buffered name, attribute value, comment or declaration, in characters; text is flushed in pieces of this size. */
    readonly MAX_BUFFER_LENGTH: number;
  };
  export default sax;
}
