// Keep in sync with src/stores/theme.ts (THEME_STORAGE_KEY and values).
// 'system' (or nothing saved) leaves data-theme unset: DaisyUI's
// prefers-color-scheme rule then picks light or dark.
;(function () {
  try {
    var t = window.localStorage.getItem('confab.theme')
    if (t === 'light' || t === 'dark') document.documentElement.setAttribute('data-theme', t)
  } catch (_e) {
    /* storage unavailable: follow the system */
  }
})()
