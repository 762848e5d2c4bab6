import type { ValidationPipeOptions } from '@nestjs/common';

/**
 * How every Surge HTTP app validates a request body: an unknown field is
 * refused rather than dropped, the body becomes the DTO class, and an error
 * names the field without echoing the object or the value (a 60 KiB value
 * would otherwise come back in the 400). Specs build their pipe from it too,
 * so they judge a body as the app does.
 */
export const VALIDATION_PIPE_OPTIONS: Readonly<ValidationPipeOptions> = Object.freeze({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: Object.freeze({ target: false, value: false }),
});
