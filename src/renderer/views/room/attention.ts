/**
 * Calls back with whether the user can be looking at the page: it is visible and its window has
 * the focus. Read receipts wait for that, so a message that arrived in a background window stays
 * unread.
 */
export function watchAttention(onchange: (attentive: boolean) => void): () => void {
  const check = (): void => onchange(document.visibilityState === 'visible' && document.hasFocus());
  window.addEventListener('focus', check);
  window.addEventListener('blur', check);
  document.addEventListener('visibilitychange', check);
  check();
  return () => {
    window.removeEventListener('focus', check);
    window.removeEventListener('blur', check);
    document.removeEventListener('visibilitychange', check);
  };
}
