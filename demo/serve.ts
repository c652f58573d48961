/**
 * Runs the demo CRM until Ctrl+C: `npx tsx demo/serve.ts [--port N] [--host H] [--latency MS]`.
 * Prints the local index page, the real-shaped URLs and the Chromium flags that map the CRM host
 * names to this server.
 */
import { parseArgs } from 'node:util';
import { DEMO_DATA } from './data';
import { demoCertSpkiHash, startDemoServer } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8443' },
    host: { type: 'string', default: '127.0.0.1' },
    latency: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('Usage: npx tsx demo/serve.ts [--port 8443] [--host 127.0.0.1] [--latency MS]');
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid --port: ${values.port}`);
  process.exit(2);
}
const latencyMs = values.latency === undefined ? undefined : Number(values.latency);

let server;
try {
  server = await startDemoServer({ port, host: values.host, latencyMs });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(
    code === 'EADDRINUSE'
      ? `Port ${port} is in use; try --port 0 for a free one.`
      : `Could not start the demo CRM: ${String(error)}`,
  );
  process.exit(1);
}

const hosts = {
  dynamics: 'upnext-demo.crm.dynamics.com',
  copper: 'app.copper.com',
  salesforce: 'upnext-demo.lightning.force.com',
};
const target = `${values.host}:${server.port}`;
const rules = Object.values(hosts)
  .map((host) => `MAP ${host} ${target}`)
  .join(', ');
const lead = DEMO_DATA.leads[0];
const contact = DEMO_DATA.contacts[0];

console.log(`Upnext demo CRM running at ${server.origin}/ (Ctrl+C to stop)

Real-shaped URLs (need the host mapping below):
  Dynamics 365  https://${hosts.dynamics}/main.aspx?appid=${DEMO_DATA.appId}&pagetype=entitylist&etn=lead
                https://${hosts.dynamics}/main.aspx?appid=${DEMO_DATA.appId}&pagetype=entityrecord&etn=lead&id=${lead.guid}
  Copper        https://${hosts.copper}/companies/${DEMO_DATA.copperAccountId}/app#/contacts
                https://${hosts.copper}/companies/${DEMO_DATA.copperAccountId}/app#/contact/${contact.copperId}
  Salesforce    https://${hosts.salesforce}/lightning/o/Lead/list
                https://${hosts.salesforce}/lightning/r/Lead/${lead.sfId}/view

Chromium flags:
  --host-resolver-rules="${rules}"
  --ignore-certificate-errors-spki-list=${demoCertSpkiHash()}   (or --ignore-certificate-errors)
  (use a separate --user-data-dir; the SPKI flag is ignored without one)
`);

const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
