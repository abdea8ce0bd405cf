export interface CloseContext {
  readonly platform: NodeJS.Platform;
  /** The user's preference: closing the window keeps Plenum running. */
  readonly closeToTray: boolean;
  /** Quit was chosen (menu, tray, OS shutdown): the window really closes. */
  readonly quitting: boolean;
  /** A tray icon exists to bring the window back; without one, hiding would strand the app. */
  readonly hasTray: boolean;
}

/**
 * Whether closing the main window hides it instead. macOS apps stay in the dock whatever the
 * preference (the platform's convention, and the dock icon brings the window back); elsewhere only
 * with a tray icon to return through.
 */
export function shouldHideOnClose(context: CloseContext): boolean {
  if (context.quitting) return false;
  if (context.platform === 'darwin') return true;
  return context.closeToTray && context.hasTray;
}

/** Launched by the login item (see login-item.ts), or asked to start minimised: no window until the tray is used. */
export const HIDDEN_ARG = '--hidden';
export function startsHidden(args: readonly string[], startMinimised: boolean, hasTray: boolean, platform: NodeJS.Platform): boolean {
  // Without a tray (or the macOS dock) a hidden start would leave no way to open the window.
  if (!hasTray && platform !== 'darwin') return false;
  return startMinimised || args.includes(HIDDEN_ARG);
}
