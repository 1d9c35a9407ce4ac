import { AUDIT_VERIFIERS, templateText } from './audit';
import { Fact, ResourceView, StackView, Verifier } from '../model';
import { fact, listOf, refTarget, resourcesOf, show } from '../query';

/**
 * S2-01 "every access to customer data is logged" for databases: exporting the database log is
 * not enough, it must hold the statements that read and write data (connections alone are not
 * accesses to data). For every RDS instance (and cluster) of the templates:
 * - PostgreSQL: its parameter group loads pgAudit (`shared_preload_libraries` names `pgaudit`) and
 *   `pgaudit.log` covers `read` and `write` (or `all`), and the `postgresql` log is exported. The
 *   library logs reads and writes once loaded; DDL auditing also needs `CREATE EXTENSION pgaudit`
 *   in each database, which a template cannot show (the note says so);
 * - MySQL and MariaDB: its option group has `MARIADB_AUDIT_PLUGIN` with `SERVER_AUDIT_EVENTS`
 *   naming `QUERY_DML` (or `QUERY`), and the `audit` log is exported;
 * - any other engine: not shown.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.pgaudit.basic-setup.html
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.MySQL.Options.AuditPlugin.html
 */

/** The resource a `Ref` names in the stack of `from`. */
function named(stacks: StackView[], from: ResourceView, value: unknown): ResourceView | undefined {
  const id = refTarget(value);
  return id === undefined ? undefined : stacks.find((s) => s.id === from.stack)?.resources.find((r) => r.logicalId === id);
}

/** A parameter of a parameter group, as text (names are case-insensitive in RDS). */
function parameter(group: ResourceView | undefined, name: string): string | undefined {
  const parameters = group?.properties.Parameters ?? {};
  const key = Object.keys(parameters).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : templateText(parameters[key]) ?? show(parameters[key]);
}

/** A comma-separated setting as lower-case items. */
function items(value: string | undefined): string[] {
  return (value ?? '').split(',').map((v) => v.trim().toLowerCase()).filter((v) => v !== '');
}

/** The fact that a database logs the statements that read and write data. */
function statementsLogged(stacks: StackView[], db: ResourceView): Fact {
  const engine = String(db.properties.Engine ?? '').toLowerCase();
  const exports = listOf(db.properties.EnableCloudwatchLogsExports).map((e) => String(e));
  const expected = 'every statement that reads or writes data logged, in an exported log';
  if (engine.includes('postgres')) {
    const group = named(stacks, db, db.properties.DBParameterGroupName ?? db.properties.DBClusterParameterGroupName);
    const libraries = items(parameter(group, 'shared_preload_libraries'));
    const classes = items(parameter(group, 'pgaudit.log'));
    const problems = [
      group ? undefined : 'no parameter group of the template (the default group loads no pgAudit)',
      group && !libraries.includes('pgaudit') ? 'shared_preload_libraries does not load pgaudit' : undefined,
      classes.includes('all') || (classes.includes('read') && classes.includes('write')) ? undefined : `pgaudit.log is '${classes.join(',')}', not read and write`,
      exports.includes('postgresql') ? undefined : 'the postgresql log is not exported',
    ].filter((p) => p !== undefined);
    return fact(db, 'Properties.DBParameterGroupName', expected, `pgaudit.log ${classes.join(',') || '(none)'}; exports ${exports.join(', ') || '(none)'}`,
      problems.length === 0, problems.length > 0 ? problems.join('; ')
        : 'DDL statements are audited once `CREATE EXTENSION pgaudit` has run in each database, which the template cannot show');
  }
  if (engine.includes('mysql') || engine.includes('mariadb')) {
    const group = named(stacks, db, db.properties.OptionGroupName);
    const plugin = listOf<any>(group?.properties.OptionConfigurations).find((o) => o?.OptionName === 'MARIADB_AUDIT_PLUGIN');
    const events = items(templateText(listOf<any>(plugin?.OptionSettings).find((s) => s?.Name === 'SERVER_AUDIT_EVENTS')?.Value));
    const problems = [
      plugin ? undefined : 'no MARIADB_AUDIT_PLUGIN in an option group of the template',
      plugin && !events.some((e) => e === 'query_dml' || e === 'query') ? `SERVER_AUDIT_EVENTS is '${events.join(',')}', without QUERY_DML` : undefined,
      exports.includes('audit') ? undefined : 'the audit log is not exported',
    ].filter((p) => p !== undefined);
    return fact(db, 'Properties.OptionGroupName', expected, `SERVER_AUDIT_EVENTS ${events.join(',').toUpperCase() || '(none)'}; exports ${exports.join(', ') || '(none)'}`,
      problems.length === 0, problems.length > 0 ? problems.join('; ') : undefined);
  }
  return fact(db, 'Properties.Engine', expected, engine || '(no engine)', false, `statement logging of engine '${engine}' is not read by this verifier`);
}

/** S2-01: the area verifier (trail data events, access logs, exports), and the statements each database logs. */
const dataAccessLogged: Verifier = (input) => [
  ...AUDIT_VERIFIERS['data-access-logged'](input),
  ...resourcesOf(input.stacks, 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster')
    .filter((d) => d.type === 'AWS::RDS::DBCluster' || d.properties.DBClusterIdentifier === undefined)
    .map((db) => statementsLogged(input.stacks, db)),
];

/** The verifier of S2-01's database part; it replaces the area verifier of the same name. */
export const DATABASE_AUDIT_VERIFIERS: Record<string, Verifier> = {
  'data-access-logged': dataAccessLogged,
};
