// File paths and the URIs the protocol names them by (file: URIs; anything else, such as an
// untitled document, is kept as it is).

import { fileURLToPath, pathToFileURL } from 'node:url';

export function toPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

export function toUri(file: string): string {
  return file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file) ? pathToFileURL(file).href : file;
}
