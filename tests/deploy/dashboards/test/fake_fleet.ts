// A fleet of printers whose trays carry the proof's colours, served as exporter /metrics text on
// loopback, and a real Prometheus (Debian package) scraping it every second.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Tray {
  printer: string;
  ams: string;
  slot: string;
  /** bambu_tray_info{slot_name}, when the printer's exporter has names. */
  slotName?: string;
  /** What the dashboards must show as the slot name. */
  shownSlot: string;
  material: string;
  color: string;
  active: boolean;
}

export interface Printer {
  name: string;
  serial: string;
  /** Whether this printer's series carry ams_name / slot_name (an exporter with names). */
  named: boolean;
  trays: Tray[];
}

const AMS_NAMES: Record<string, string> = { '0': 'A', '1': 'B', '128': 'HT-A', '255': 'Ext' };
const MATERIALS = ['PLA', 'PETG', 'ABS', 'TPU', 'PA-CF', 'ASA'];

/** Printers of 8 trays (AMS 0 slots 0-3, AMS 1 slots 0-1, AMS HT 128, external) in `colours` order. */
export function makeFleet(colours: string[]): Printer[] {
  const layout: [string, string][] = [
    ['0', '0'], ['0', '1'], ['0', '2'], ['0', '3'], ['1', '0'], ['1', '1'], ['128', '0'], ['255', '0'],
  ];
  const printers: Printer[] = [];
  for (let i = 0; i * layout.length < colours.length; i++) {
    const named = i % 2 === 0;
    const name = `proof-${i + 1}`;
    const trays = layout.slice(0, Math.min(layout.length, colours.length - i * layout.length)).map(([ams, slot], j) => {
      const slotName = ams === '255' ? 'Ext' : ams === '128' ? 'HT-A' : `${AMS_NAMES[ams]}${Number(slot) + 1}`;
      return {
        printer: name,
        ams,
        slot,
        slotName: named ? slotName : undefined,
        shownSlot: named ? slotName : `AMS ${ams} slot ${slot}`,
        material: MATERIALS[(i + j) % MATERIALS.length],
        color: colours[i * layout.length + j],
        active: j === 1,
      };
    });
    printers.push({ name, serial: `PROOF${i + 1}`, named, trays });
  }
  return printers;
}

function labels(pairs: Record<string, string | undefined>): string {
  const body = Object.entries(pairs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  return `{${body}}`;
}

/** The exporter's /metrics for the fleet at scrape number `n` (grams fall, counters rise). */
export function exposition(printers: Printer[], n: number): string {
  const lines: string[] = [];
  for (const p of printers) {
    const base = { printer: p.name, serial: p.serial };
    lines.push(`bambu_printer_info${labels({ ...base, model: 'X1C', firmware: '01.09.00.00', name: p.name })} 1`);
    lines.push(`bambu_up${labels({ ...base, transport: 'lan' })} 1`);
    lines.push(`bambu_print_state${labels({ ...base, state: 'RUNNING' })} 1`);
    lines.push(`bambu_print_remaining_seconds${labels(base)} 36000`);
    for (const ams of new Set(p.trays.filter((t) => t.ams !== '255').map((t) => t.ams))) {
      const unit = { ...base, ams };
      lines.push(
        `bambu_ams_info${labels({ ...unit, model: ams === '128' ? 'ams_ht' : 'ams', extruder: '0', hw_version: 'AMS08', sw_version: '00.00.06.49', ams_name: p.named ? AMS_NAMES[ams] : undefined })} 1`,
      );
      lines.push(`bambu_ams_humidity_ratio${labels(unit)} 0.21`);
      lines.push(`bambu_ams_humidity_level${labels(unit)} 2`);
    }
    p.trays.forEach((t, j) => {
      const tray = { ...base, ams: t.ams, slot: t.slot };
      lines.push(
        `bambu_tray_info${labels({ ...tray, filament_type: t.material, filament_id: 'GFA00', name: `${t.material} Basic`, color: t.color, colors: '', vendor: 'bambu', slot_name: t.slotName })} 1`,
      );
      const grams = 900 - 10 * j - (t.active ? 2 * n : 0);
      lines.push(`bambu_tray_remaining_ratio${labels(tray)} ${grams / 1000}`);
      lines.push(`bambu_tray_remaining_grams${labels(tray)} ${grams}`);
      lines.push(`bambu_tray_active${labels({ ...tray, extruder: '0' })} ${t.active ? 1 : 0}`);
      lines.push(
        `bambu_filament_used_grams_total${labels({ ...base, filament_type: t.material, color: t.color })} ${(j + 1) * n}`,
      );
      // The running job's plan for this tray (metrics.md, "Print jobs"): 40 g planned.
      const jobTray = labels({ ...tray, slot_name: t.slotName, filament_type: t.material, color: t.color });
      lines.push(`bambu_print_job_tray_planned_grams${jobTray} 40`);
      lines.push(`bambu_print_job_tray_needed_grams${jobTray} 30`);
      lines.push(`bambu_print_job_tray_available_grams${jobTray} ${grams}`);
      lines.push(`bambu_print_job_tray_shortfall_grams${jobTray} 0`);
      lines.push(`bambu_print_job_tray_backup_spools${jobTray} 0`);
    });
  }
  return `${lines.join('\n')}\n`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The metrics server and Prometheus; stop() ends both (by their handles) and removes the data. */
export class ScrapedFleet {
  private scrapes = 0;
  private constructor(
    private readonly server: Server,
    private readonly prometheus: ChildProcess,
    private readonly dir: string,
    readonly url: string,
  ) {}

  static async start(printers: Printer[]): Promise<ScrapedFleet> {
    const metricsPort = await freePort();
    const promPort = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'bambu-colour-proof-'));
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global: {scrape_interval: 1s, evaluation_interval: 1s}\nscrape_configs:\n  - job_name: bambu\n    static_configs: [{targets: ['127.0.0.1:${metricsPort}']}]\n`,
    );
    let fleet: ScrapedFleet | undefined;
    const server = createServer((_, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      res.end(exposition(printers, fleet ? ++fleet.scrapes : 0));
    });
    await new Promise<void>((resolve) => server.listen(metricsPort, '127.0.0.1', resolve));
    const prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
      { stdio: 'ignore' },
    );
    fleet = new ScrapedFleet(server, prometheus, dir, `http://127.0.0.1:${promPort}`);
    return fleet;
  }

  /** Waits until Prometheus has scraped the fleet `scrapes` times (rates need a few samples). */
  async waitForScrapes(scrapes: number, deadlineMs = 60000): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    while (this.scrapes < scrapes) {
      if (Date.now() > deadline || this.prometheus.exitCode !== null) {
        throw new Error(`Prometheus scraped the fleet ${this.scrapes} times, expected ${scrapes}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the last scrape is stored
  }

  async stop(): Promise<void> {
    this.prometheus.kill('SIGTERM');
    await new Promise<void>((resolve) => {
      if (this.prometheus.exitCode !== null) resolve();
      else this.prometheus.once('exit', () => resolve());
    });
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
