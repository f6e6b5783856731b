import { nextTick, watch, type Ref } from 'vue'

/**
 * A native `<dialog>` shown as a modal while `isOpen()`: `showModal()` makes
 * the rest of the page inert (so the focus stays inside) and gives it the
 * dialog role, modal; Escape fires `cancel`, for the component to close.
 * Opening puts the focus on `initialFocus()`; closing gives it back to what
 * had it before (jsdom and some browsers do not). jsdom has no `showModal`:
 * the calls are skipped there.
 */
export function useModalDialog(
  dialog: Ref<HTMLDialogElement | null>,
  isOpen: () => boolean,
  initialFocus: () => HTMLElement | null | undefined,
) {
  let opener: HTMLElement | null = null

  watch(
    isOpen,
    async (open) => {
      const d = dialog.value
      if (open) {
        opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
        if (d && !d.open) d.showModal?.()
        await nextTick()
        initialFocus()?.focus()
      } else {
        if (d?.open) d.close?.()
        if (opener?.isConnected) opener.focus()
        opener = null
      }
    },
    { flush: 'post' },
  )
}
