/**
 * Bad input from the user (scenario, trace, jobs file, CLI value): every problem found, each
 * naming the file and the line or path, so it can be fixed in one go. The CLI exits with 2.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly problems: readonly string[];

  /**
   * @param subject what was being read (a file path, or 'command line')
   * @param problems one line each, already naming the line/path
   */
  constructor(
    readonly subject: string,
    problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`${subject}: ${problems.length === 1 ? problems[0] : `${problems.length} problems\n  ${problems.join('\n  ')}`}`, options);
    this.problems = problems;
  }
}
