import { ObservationFile, ObservedPromise } from '../../lib/evidence/observation';

/**
 * A hand-built `evidence-observed.json` for the fixture of `fixtures.ts`, one claim per verdict:
 * S0-02 and S0-05 observed holding, S0-11 observed failing (an alert topic nobody confirmed),
 * S4-01 not observed (access denied); S0-08 and the others are not named (not observed).
 */

export const OBSERVED_AT = '2026-12-07T02:00:00.000Z';
export const PERIOD_START = '2026-11-07T02:00:00.000Z';
export const ACCOUNT = '111111111111';
export const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:IncidentResponseTopic`;

export function observedS002(): ObservedPromise {
  return {
    id: 'S0-02',
    verdict: 'OBSERVED',
    observedAt: OBSERVED_AT,
    periodStart: PERIOD_START,
    periodEnd: OBSERVED_AT,
    facts: [{
      account: ACCOUNT,
      region: 'us-east-1',
      source: 'backup:ListBackupJobs',
      resource: `arn:aws:rds:us-east-1:${ACCOUNT}:db:database`,
      propertyPath: 'completed backup job each day',
      expected: '30 of 30 days',
      found: '30 of 30 days',
      satisfied: true,
    }],
    notObserved: [],
  };
}

export function observedS011Failing(): ObservedPromise {
  return {
    id: 'S0-11',
    verdict: 'OBSERVED_FAILING',
    observedAt: OBSERVED_AT,
    facts: [{
      account: ACCOUNT,
      region: 'us-east-1',
      source: 'events:DescribeRule',
      resource: 'IncidentResponseGuardDutyRule',
      propertyPath: 'rule state',
      expected: 'ENABLED',
      found: 'ENABLED',
      satisfied: true,
    }, {
      account: ACCOUNT,
      region: 'us-east-1',
      source: 'sns:ListSubscriptionsByTopic',
      resource: TOPIC,
      propertyPath: 'confirmed subscriptions',
      expected: 'at least 1',
      found: '0 (1 pending confirmation)',
      satisfied: false,
      note: 'the e-mail subscription | was never confirmed',
    }],
    notObserved: [],
  };
}

export function observationFixture(promises?: ObservedPromise[]): ObservationFile {
  return {
    schemaVersion: 1,
    generatedAt: OBSERVED_AT,
    observer: `arn:aws:sts::${ACCOUNT}:assumed-role/EvidenceReader/alice`,
    targets: [{ account: ACCOUNT, region: 'us-east-1', stacks: ['DataProtectionReference'] }],
    promises: promises ?? [
      observedS002(),
      { ...observedS002(), id: 'S0-05', periodStart: undefined, periodEnd: undefined, facts: [{ ...observedS002().facts[0], source: 'cloudformation:DescribeStacks' }] },
      observedS011Failing(),
      {
        id: 'S4-01',
        verdict: 'NOT_OBSERVED',
        observedAt: OBSERVED_AT,
        facts: [{ account: ACCOUNT, region: 'us-east-1', source: 's3:GetBucketPolicy', propertyPath: 'bucket policy', expected: 'read', found: 'AccessDenied' }],
        notObserved: ['s3:GetBucketPolicy: AccessDenied for the caller'],
      },
    ],
  };
}
