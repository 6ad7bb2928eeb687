// Type declarations for two untyped NTLM dependencies (only the functions Portico calls).

declare module '@ewsjs/ntlm-client' {
  export interface Type2Message {
    flags: number;
    encoding: 'ascii' | 'ucs2';
    /** 2 when the server negotiated extended security (NTLMv2 responses are used). */
    version: 1 | 2;
    challenge: Buffer;
    targetName: string;
    targetInfo?: { parsed: Record<string, string>; buffer: Buffer };
  }
  const ntlm: {
    /** `NTLM <base64>` negotiate message. */
    createType1Message(workstation?: string, target?: string): string;
    /** Reads `NTLM <base64>` (or the bare base64) challenge message; throws on a malformed one. */
    decodeType2Message(header: string): Type2Message;
    /** `NTLM <base64>` authenticate message. */
    createType3Message(
      type2: Type2Message,
      username: string,
      password: string,
      workstation?: string,
      target?: string,
    ): string;
  };
  export default ntlm;
}

declare module 'js-md4' {
  interface Md4 {
    (message: string | ArrayBuffer | Uint8Array): string;
    arrayBuffer(message: string | ArrayBuffer | Uint8Array): ArrayBuffer;
  }
  const md4: Md4;
  export default md4;
}
