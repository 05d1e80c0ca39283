// Types for the `bencode` package (4.x ships none), limited to what this
// project may call. `decode` is left out on purpose: it hangs or crashes on
// hostile bytes (docs/krpc-notes.md), so network input goes through
// strictDecode instead, and the type checker refuses any call to it.
declare module 'bencode' {
  /** What `encode` accepts; object and Map keys are sorted, `null`/`undefined` values skipped. */
  export type Encodable =
    | Uint8Array
    | string
    | number
    | boolean
    | readonly Encodable[]
    | ReadonlyMap<string | Uint8Array, Encodable>
    | { readonly [key: string]: Encodable | undefined };

  interface Bencode {
    encode(data: Encodable): Uint8Array;
    byteLength(data: Encodable): number;
  }

  const bencode: Bencode;
  export default bencode;
}
