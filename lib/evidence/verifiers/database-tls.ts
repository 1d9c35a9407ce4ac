import { Fact, ResourceView } from '../model';
import { fact, resourceFact } from '../query';
import { Context, DB_CLUSTER, DB_INSTANCE, literal, Minimum, notes, resolveResource } from './network-context';

/*
 * TLS of databases (S2-02, S4-07): the parameter that forces TLS and the one that sets the
 * lowest TLS version each engine accepts.
 */
// ---------------------------------------------------------------------------------------------
// Databases

/** The engine of a database, lower case, or undefined when it is not literal. */
export function engineOf(db: ResourceView): string | undefined {
  return literal(db.properties.Engine)?.toLowerCase();
}

/** The parameter that forces TLS on an engine, and whether a value of it does. */
function tlsParameterOf(engine: string): { name: string; forces: (v: unknown) => boolean; expected: string } | undefined {
  if (engine === 'postgres' || engine === 'aurora-postgresql' || engine.startsWith('sqlserver')) {
    return { name: 'rds.force_ssl', forces: (v) => String(v) === '1', expected: '1' };
  }
  if (engine === 'mysql' || engine === 'mariadb' || engine === 'aurora-mysql' || engine === 'aurora') {
    return { name: 'require_secure_transport', forces: (v) => ['ON', '1', 'TRUE'].includes(String(v).toUpperCase()), expected: 'ON or 1' };
  }
  return undefined;
}

/**
 * Whether RDS for PostgreSQL forces TLS by default for this major version: `rds.force_ssl`
 * defaults to 1 from PostgreSQL 15.
 */
function postgresForcesSslByDefault(engine: string, versionOrFamily: string | undefined): boolean {
  const major = /^(?:postgres)?(\d+)/.exec(versionOrFamily ?? '');
  return engine === 'postgres' && major !== null && Number(major[1]) >= 15;
}

/** The TLS version a protocol name (`TLSv1`, `TLSv1.1`, `TLSv1.2`, `TLSv1.3`) stands for, or undefined. */
function tlsVersionOf(name: string): number | undefined {
  const match = /^TLSv1(?:\.([0-3]))?$/i.exec(name.trim());
  return match ? 1 + Number(match[1] ?? 0) / 10 : undefined;
}

/** The parameter that sets the lowest TLS version an engine accepts, and the lowest version a value admits. */
function tlsMinimumParameterOf(engine: string): { name: string; lowest: (v: string) => number | undefined } | undefined {
  if (engine === 'postgres' || engine === 'aurora-postgresql') {
    return { name: 'ssl_min_protocol_version', lowest: tlsVersionOf };
  }
  if (engine === 'mysql' || engine === 'mariadb' || engine === 'aurora-mysql' || engine === 'aurora') {
    // A list of the versions the server accepts (`TLSv1.2,TLSv1.3`): the lowest one counts.
    return {
      name: 'tls_version',
      lowest: (v) => {
        const versions = v.split(',').map(tlsVersionOf);
        return versions.length === 0 || versions.some((x) => x === undefined) ? undefined : Math.min(...versions as number[]);
      },
    };
  }
  return undefined;
}

/**
 * Whether the engine accepts no TLS below 1.2 whatever its parameters say: RDS for MySQL 8.0 and
 * 8.4 support only TLS 1.2 and 1.3.
 *
 * @see https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.Concepts.SSLSupport.html
 */
function onlyTls12OrNewer(engine: string, versionOrFamily: string | undefined): boolean {
  return engine === 'mysql' && /^(?:mysql)?8\./.test(versionOrFamily ?? '');
}

/**
 * A fact that a database accepts no TLS older than `minimum` (S2-02): `ssl_min_protocol_version`
 * (PostgreSQL) or the lowest of `tls_version` (MySQL, MariaDB, Aurora MySQL) in its parameter
 * group. Absent, only an engine that supports nothing older (RDS for MySQL 8) passes; `TLSv1`
 * fails any minimum. Engines without such a parameter give no fact.
 */
function databaseTlsMinimumFact(db: ResourceView, engine: string, group: ResourceView | undefined, minimum: Minimum): Fact | undefined {
  const parameter = tlsMinimumParameterOf(engine);
  if (parameter === undefined) {
    return undefined;
  }
  const expected = `${parameter.name} admitting TLS ${minimum.text} or newer only`;
  const version = literal(db.properties.EngineVersion) ?? literal(group?.properties.Family);
  const where = group ?? db;
  const path = group ? `Properties.Parameters.${parameter.name}` : `Properties.${db.type === DB_CLUSTER ? 'DBClusterParameterGroupName' : 'DBParameterGroupName'}`;
  const value = group?.properties.Parameters?.[parameter.name];
  if (value === undefined) {
    const inherent = minimum.version <= 1.2 && onlyTls12OrNewer(engine, version);
    return fact(where, path, expected, undefined, inherent, inherent ? 'absent: RDS for MySQL 8 supports only TLS 1.2 and 1.3'
      : `absent: the template does not show the lowest TLS version the database accepts (set ${parameter.name})`);
  }
  const text = literal(value);
  const lowest = text === undefined ? undefined : parameter.lowest(text);
  return fact(where, path, expected, value, lowest !== undefined && lowest >= minimum.version,
    lowest === undefined ? 'not a TLS version list the report can read' : lowest < minimum.version ? `admits TLS ${lowest.toFixed(1)}` : undefined);
}

/** Facts that a database's parameter group forces TLS (instances of a cluster are covered by the cluster). */
export function databaseTlsFacts(ctx: Context, db: ResourceView, minimum?: Minimum): Fact[] {
  if (db.type === DB_INSTANCE && db.properties.DBClusterIdentifier !== undefined) {
    return [];
  }
  const engine = engineOf(db);
  const groupProperty = db.type === DB_CLUSTER ? 'DBClusterParameterGroupName' : 'DBParameterGroupName';
  const parameter = engine === undefined ? undefined : tlsParameterOf(engine);
  if (engine === undefined || parameter === undefined) {
    return [resourceFact(db, 'Properties.Engine', 'PostgreSQL, MySQL, MariaDB, Aurora or SQL Server with TLS forced by a parameter', false,
      engine === undefined ? 'the engine is not literal' : `engine ${engine}: TLS enforcement is not a parameter the report can read`)];
  }
  const expected = `${parameter.name} = ${parameter.expected}`;
  const groupValue = db.properties[groupProperty];
  const group = resolveResource(ctx, db, groupValue);
  const groupName = literal(groupValue);
  const minimumFact = (from: ResourceView | undefined): Fact[] => {
    const found = minimum ? databaseTlsMinimumFact(db, engine, from, minimum) : undefined;
    return found ? [found] : [];
  };
  if (groupValue === undefined || groupName?.startsWith('default.')) {
    const byDefault = postgresForcesSslByDefault(engine, literal(db.properties.EngineVersion));
    return [resourceFact(db, `Properties.${groupProperty}`, expected, byDefault, byDefault
      ? 'the default parameter group of RDS for PostgreSQL 15 and later sets rds.force_ssl = 1'
      : 'the default parameter group does not force TLS'), ...minimumFact(undefined)];
  }
  if (!group || !['AWS::RDS::DBParameterGroup', 'AWS::RDS::DBClusterParameterGroup'].includes(group.type)) {
    return [resourceFact(db, `Properties.${groupProperty}`, expected, false, 'the parameter group is not a resource of the template: its parameters cannot be read')];
  }
  const value = group.properties.Parameters?.[parameter.name];
  const path = `Properties.Parameters.${parameter.name}`;
  const note = `the parameter group of ${db.type} ${db.logicalId}`;
  if (value === undefined) {
    const byDefault = postgresForcesSslByDefault(engine, literal(group.properties.Family));
    return [fact(group, path, expected, undefined, byDefault,
      notes(note, byDefault ? 'absent: the default of the postgres15+ families is rds.force_ssl = 1' : 'absent: the engine\'s default does not force TLS')),
    ...minimumFact(group)];
  }
  return [fact(group, path, expected, value, parameter.forces(value), note), ...minimumFact(group)];
}
