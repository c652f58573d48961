/**
 * Entry of the `upnext` command: dispatches to one module per sub-command. Returns the exit
 * code (0 ok, 1 invalid input, 2 usage or unreadable files) instead of calling process.exit, so
 * tests can run it in-process as well as through a real child process.
 */
const USAGE = `Usage:
  upnext validate <file>...      check sequence packs; one line per problem (file:line:col: path: message)
  upnext schema                  print the JSON Schema of sequence packs
  upnext simulate <pack> --sequence <id> --start <ISO instant> --tz <IANA zone>
                 [--outcome <stepId>=<value>]... [--field <key>=<value>]... [--json]
                                 run one record through a sequence and print its timeline
  upnext convert <file> [--from <tool>] [--entity <record type>] [--out pack.json]
                                 turn an Outreach, Salesloft, HubSpot, Apollo, Reply.io or lemlist
                                 sequence export into a pack; what did not carry over goes to stderr
  upnext help                    show this help`;

export async function main(argv: string[]): Promise<number> {
  const command = argv.at(0);
  const rest = argv.slice(1);
  switch (command) {
    case 'validate': {
      const { runValidate } = await import('./validate');
      return runValidate(rest);
    }
    case 'schema': {
      const { runSchema } = await import('./schema');
      return runSchema(rest);
    }
    case 'simulate': {
      const { runSimulate } = await import('./simulate');
      return runSimulate(rest);
    }
    case 'convert': {
      const { runConvert } = await import('./convert');
      return runConvert(rest);
    }
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      process.stderr.write(
        `${command === undefined ? 'upnext: missing command' : `upnext: unknown command '${command}'`}\n\n${USAGE}\n`,
      );
      return 2;
  }
}
