import { logger as sdkGlobalLogger } from 'matrix-js-sdk/lib/logger.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { quietSdkGlobalLogger } from '../../../src/main/core/session/sdk-logger.ts';

describe('the SDK’s process-wide logger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('lets only warnings and errors of child loggers (named after rooms) reach the console', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    quietSdkGlobalLogger(sdkGlobalLogger);
    quietSdkGlobalLogger(sdkGlobalLogger);
    // What MatrixRTCSession does for every room it looks at.
    const child = sdkGlobalLogger.getChild('[MatrixRTCSession !secret-room:example.org m.call#ROOM]');
    child.debug('No membership changes detected for room !secret-room:example.org');
    child.info('joined');
    sdkGlobalLogger.debug('root debug');
    child.warn('something went wrong');
    expect(debug).not.toHaveBeenCalled();
    expect(info).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
