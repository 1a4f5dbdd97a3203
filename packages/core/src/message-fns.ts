import type { BinaryReader, BinaryWriter } from '@bufbuild/protobuf/wire';

/** The codec shape ts-proto generates for every message (encode / decode / create). */
export interface MessageFns<T> {
  encode(message: T, writer?: BinaryWriter): BinaryWriter;
  decode(input: BinaryReader | Uint8Array, length?: number): T;
  create(base?: Partial<T>): T;
}
