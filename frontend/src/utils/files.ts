/** Files the app hands to the person: saving a Blob under a name (sizes in words: i18n/format's fileSizeText). */

/** Saves `blob` as a download named `filename` (an object URL, released shortly after). */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.hidden = true
  document.body.append(a)
  a.click()
  a.remove()
  // Some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
