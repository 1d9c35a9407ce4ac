/**
 * How often AWS Backup restores a recent recovery point of every protected resource
 * type to prove the backups can be restored (claims S1-10, S2-13).
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html
 */
export class RestoreTestSchedule {
  /** Every day at 09:00 UTC, after the 05:00 daily backups (002: backups tested daily). */
  public static readonly DAILY = new RestoreTestSchedule('daily', 'cron(0 9 * * ? *)');

  /** Every Monday at 09:00 UTC. */
  public static readonly WEEKLY = new RestoreTestSchedule('weekly', 'cron(0 9 ? * MON *)');

  /** The 2nd of every month at 09:00 UTC. */
  public static readonly MONTHLY = new RestoreTestSchedule('monthly', 'cron(0 9 2 * ? *)');

  private constructor(
    /** How often restores are tested, in words. */
    public readonly frequency: string,
    /** The restore testing plan's schedule expression, in UTC. */
    public readonly scheduleExpression: string,
  ) {}

  /** The frequency, in words. */
  public toString(): string {
    return this.frequency;
  }
}
