/** The help text of `observe`, apart from the command so that the help does not load the AWS SDK clients. */
export const OBSERVE_USAGE = `  observe       Read the live AWS account of each stack of a cloud assembly (read-only calls) and
                write evidence-observed.json: per promise OBSERVED, OBSERVED_FAILING or NOT_OBSERVED,
                with the facts read (exit 1 if a promise is observed failing or nothing could be
                observed, 2 on usage or credential errors).
      [assembly]                the cloud assembly directory (default: cdk.out)
      --out <dir>               where to write evidence-observed.json (default: the assembly directory)
      --since <days>            the period of backup, copy and restore jobs, 1-30 days, as 30d or 30
                                (default: 30d; a day that began over 30 days ago is left out)
      --timeout <time>          total time limit, as 90s, 10m or seconds (default: 10m)
      --concurrency <n>         AWS calls at once, 1-32 (default: 8)
      --max-attempts <n>        SDK attempts per call, with backoff on throttling, 1-10 (default: 5)
      --no-drift                do not start drift detection (the template hash is still compared)
      --profile <name>          a profile of the shared config files (for example one mfa-session wrote)
      --role-arn <arn>          assume this role first (for example the EvidenceReaderRole of the account)
      --serial-number <serial>  with --role-arn: the MFA device, when the role requires MFA
      --token-code <code>       with --serial-number: the code shown by the device
      --region <region>         the region of environment-agnostic stacks (default: AWS_REGION / profile)
      --endpoint-url <url>      send every call to this endpoint (a local emulator such as moto)
`;
