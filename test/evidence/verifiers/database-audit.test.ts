import { App } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { DataClass, SecureDatabase, SecureNetwork } from '../../../lib';
import { StackView } from '../../../lib/evidence/model';
import { VERIFIERS } from '../../../lib/evidence/verifiers';
import { stackWithPolicy } from '../../helpers/compliance';
import { runVerifier, viewOfStack, viewOfTemplate } from '../helpers';

const verifier = VERIFIERS['data-access-logged'];

/** A stack with one SecureDatabase of `engine`. */
function databaseView(engine?: rds.IInstanceEngine): StackView {
  const stack = stackWithPolicy(new App());
  const network = new SecureNetwork(stack, 'Network');
  new SecureDatabase(stack, 'Db', { vpc: network.vpc, dataClass: DataClass.CUSTOMER_USER_DATA, engine });
  return viewOfStack(stack);
}

/** The statement-logging facts. */
function statements(facts: ReturnType<typeof runVerifier>) {
  return facts.filter((f) => f.expected === 'every statement that reads or writes data logged, in an exported log');
}

/** A view with the template changed by `edit`. */
function edited(view: StackView, edit: (resources: Record<string, any>) => void): StackView {
  const template = JSON.parse(JSON.stringify(view.template));
  edit(template.Resources);
  return { ...viewOfTemplate(template, { id: view.id }), policy: view.policy };
}

describe('data-access-logged: database statements (S2-01)', () => {
  test('S2-01 a PostgreSQL SecureDatabase logs reads and writes with pgAudit, and a MySQL one with the audit plugin\'s QUERY_DML', () => {
    // GIVEN / WHEN
    const postgres = statements(runVerifier(verifier, [databaseView()], {}, { claimId: 'S2-01' }));
    const mysql = statements(runVerifier(verifier, [databaseView(rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0 }))]));
    // THEN
    expect(postgres).toEqual([expect.objectContaining({
      satisfied: true, found: 'pgaudit.log read,write,ddl,role; exports postgresql, upgrade', note: expect.stringContaining('CREATE EXTENSION pgaudit'),
    })]);
    expect(mysql).toEqual([expect.objectContaining({ satisfied: true, found: 'SERVER_AUDIT_EVENTS CONNECT,QUERY_DDL,QUERY_DML,QUERY_DCL; exports audit, error, general, slowquery' })]);
  });

  test('S2-01 the old defect: a database that logs connections only is VIOLATED', () => {
    // GIVEN the parameter group without pgAudit (as SecureDatabase wrote it before)
    const view = edited(databaseView(), (resources) => {
      const group = Object.values<any>(resources).find((r) => r.Type === 'AWS::RDS::DBParameterGroup');
      delete group.Properties.Parameters.shared_preload_libraries;
      delete group.Properties.Parameters['pgaudit.log'];
    });
    // WHEN
    const facts = statements(runVerifier(verifier, [view]));
    // THEN
    expect(facts).toEqual([expect.objectContaining({
      satisfied: false, note: 'shared_preload_libraries does not load pgaudit; pgaudit.log is \'\', not read and write',
    })]);
  });

  test('S2-01 fails a MySQL audit plugin without QUERY_DML, and an engine it does not read', () => {
    // GIVEN
    const mysql = edited(databaseView(rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0 })), (resources) => {
      const group = Object.values<any>(resources).find((r) => r.Type === 'AWS::RDS::OptionGroup');
      group.Properties.OptionConfigurations[0].OptionSettings[0].Value = 'CONNECT';
    });
    const oracle = edited(databaseView(), (resources) => {
      Object.values<any>(resources).find((r) => r.Type === 'AWS::RDS::DBInstance').Properties.Engine = 'oracle-ee';
    });
    // WHEN / THEN
    expect(statements(runVerifier(verifier, [mysql]))[0]).toMatchObject({ satisfied: false, note: 'SERVER_AUDIT_EVENTS is \'connect\', without QUERY_DML' });
    expect(statements(runVerifier(verifier, [oracle]))[0]).toMatchObject({ satisfied: false, found: 'oracle-ee' });
  });
});
