/** Saves `content` as a file named `fileName` through the browser's download (templates, exports). */
export function downloadFile(fileName: string, content: Blob): void {
  const url = URL.createObjectURL(content);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The click has started the download; the URL is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A CSV for Excel: a UTF-8 byte-order mark first, so Excel reads the Chinese text. */
export function csvBlob(lines: readonly string[]): Blob {
  return new Blob([`\uFEFF${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' });
}
