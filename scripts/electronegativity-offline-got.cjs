// Stands in for the `got` HTTP client inside the electronegativity gate, so a scan never touches
// the network: electronegativity fetches translations (and Electron's release list, whose check the
// gate excludes) and falls back to its bundled texts when the request fails, which this makes it do.
'use strict'

function offline(url) {
  return Promise.reject(new Error(`offline: the electronegativity gate makes no network requests (${String(url)})`))
}

offline.head = offline
offline.get = offline
module.exports = offline
