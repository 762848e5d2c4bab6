import { boundProblems, MAX_PROBLEM_LENGTH, MAX_PROBLEMS } from './bounded-problems';

describe('boundProblems', () => {
  it('keeps a short list as it is', () => {
    expect(boundProblems(['a', 'b'])).toEqual(['a', 'b']);
  });

  it('names the first 20 problems and counts the rest', () => {
    const problems = Array.from({ length: 84_000 }, (_, i) => `problem ${i}`);
    const bounded = boundProblems(problems);
    expect(bounded).toHaveLength(MAX_PROBLEMS + 1);
    expect(bounded.slice(0, MAX_PROBLEMS)).toEqual(problems.slice(0, MAX_PROBLEMS));
    expect(bounded[MAX_PROBLEMS]).toBe('and 83980 more problems');
    expect(boundProblems(problems.slice(0, MAX_PROBLEMS + 1))[MAX_PROBLEMS]).toBe('and 1 more problem');
  });

  it('cuts the middle of a long problem, keeping what is wrong', () => {
    const [cut] = boundProblems([`property ${'x'.repeat(60_000)} should not exist`]);
    expect(cut).toHaveLength(MAX_PROBLEM_LENGTH);
    expect(cut).toMatch(/^property x+…x+ should not exist$/);
  });

  it('counts the problems that were never turned into messages', () => {
    expect(boundProblems(['a', 'b'], 84_000)).toEqual(['a', 'b', 'and 83998 more problems']);
  });
});
