import { Logger } from '@nestjs/common';

// Integration specs boot whole apps; keep their output to warnings and errors
// so a failure is not buried under start-up lines.
Logger.overrideLogger(['error', 'warn']);
