/** What a command produced; `main` prints it and sets the process exit code. */
export interface CliResult {
  /** 0 success, 1 AWS or policy failure, 2 usage error. */
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}
