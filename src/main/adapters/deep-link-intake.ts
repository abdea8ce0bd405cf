import { findMatrixLinkInArgs, parseMatrixLink, type MatrixLink } from '../../shared/links/matrix-link.ts';

/** The part of Electron's `app` that hands over links: a second launch's argv, and macOS's open-url. */
export interface LinkSourceApp {
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  setAsDefaultProtocolClient(protocol: string): boolean;
  readonly isPackaged: boolean;
}

export interface DeepLinkIntake {
  /** The core is ready: links that came before it are handed over, in order, then the launch's own. */
  ready(open: (link: MatrixLink) => void, launchArgs: readonly string[]): void;
}

/**
 * Where matrix: links enter the app. Windows and Linux start a second Plenum with the link in its
 * argv, which the single-instance lock turns into 'second-instance' here; macOS sends 'open-url',
 * before 'ready' too when the link launched the app. Anything that does not parse is dropped.
 */
export function installDeepLinkIntake(app: LinkSourceApp, showWindow: () => void): DeepLinkIntake {
  const early: MatrixLink[] = [];
  let open: ((link: MatrixLink) => void) | undefined;
  const take = (link: MatrixLink | null): void => {
    if (!link) return;
    showWindow();
    if (open) open(link);
    else early.push(link);
  };
  app.on('second-instance', (_event, argv) => {
    // A second launch without a link still means "show me Plenum".
    showWindow();
    take(findMatrixLinkInArgs(argv));
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    take(parseMatrixLink(url));
  });
  // Packaged builds register through the installer too (electron-builder's protocols); a
  // development run must not claim the scheme for the bare Electron binary.
  if (app.isPackaged) app.setAsDefaultProtocolClient('matrix');
  return {
    ready(next, launchArgs) {
      open = next;
      for (const link of early.splice(0)) next(link);
      const launched = findMatrixLinkInArgs(launchArgs);
      if (launched) next(launched);
    },
  };
}
