/** A picked file's bytes as base64 (the bridge carries JSON); null when the file cannot be read. */
export function readFileAsBase64(file: Blob): Promise<string | null> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      // A data URL: "data:<type>;base64,<data>".
      const comma = url.indexOf(',');
      resolve(comma >= 0 && url.length > comma + 1 ? url.slice(comma + 1) : null);
    };
    reader.onerror = () => resolve(null);
    reader.readAsDataURL(file);
  });
}
