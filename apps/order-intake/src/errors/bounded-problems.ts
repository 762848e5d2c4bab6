import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/** Problems a 400 names; the rest are only counted. */
export const MAX_PROBLEMS = 20;
/** Characters kept of one problem: a 60 KB property name must not come back whole. */
export const MAX_PROBLEM_LENGTH = 200;

/**
 * Keeps an error answer small whatever the body: the first MAX_PROBLEMS
 * problems, each cut to MAX_PROBLEM_LENGTH, and a last line counting the rest
 * (of `total`, when the caller only flattened the first few).
 */
export function boundProblems(problems: string[], total = problems.length): string[] {
  const named = problems.slice(0, MAX_PROBLEMS).map(truncateProblem);
  const rest = total - named.length;
  return rest > 0 ? [...named, `and ${rest} more problem${rest === 1 ? '' : 's'}`] : named;
}

/** Cuts the middle, so both the property and what is wrong with it stay readable. */
export function truncateProblem(problem: string): string {
  if (problem.length <= MAX_PROBLEM_LENGTH) return problem;
  const tail = 40;
  return `${problem.slice(0, MAX_PROBLEM_LENGTH - tail - 1)}…${problem.slice(-tail)}`;
}

/**
 * Nest's ValidationPipe with a bounded 400. A 63 KB body of 21,000 empty order
 * lines once earned a 940 KB answer (issue 10): 84,000 problems. Only the
 * first few are turned into messages; the others are counted, not written.
 */
export class BoundedValidationPipe extends ValidationPipe {
  override createExceptionFactory() {
    return (errors: ValidationError[] = []) => {
      // Enough message budget for MAX_PROBLEMS problems of ordinary length.
      const first = this.limitValidationErrors(errors, {
        remaining: MAX_PROBLEMS * MAX_PROBLEM_LENGTH,
        isExceeded: false,
      });
      return new BadRequestException(boundProblems(this.flattenValidationErrors(first), countProblems(errors)));
    };
  }
}

function countProblems(errors: ValidationError[]): number {
  let n = 0;
  for (const error of errors) {
    n += Object.keys(error.constraints ?? {}).length;
    if (error.children) n += countProblems(error.children);
  }
  return n;
}
