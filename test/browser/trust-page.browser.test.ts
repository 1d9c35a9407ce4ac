import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Browser, chromium } from 'playwright-core';
import { readAssembly } from '../../lib/evidence/assembly';
import { EvidenceReport } from '../../lib/evidence/evidence-report';
import { ClaimResult } from '../../lib/evidence/model';
import { oneLine } from '../../lib/evidence/report-markdown';
import { statableClaims } from '../../lib/evidence/trust-page-content';
import { verifyAssembly } from '../../lib/evidence/verify';
import { SYNTHESIS_TIMEOUT_MS, synthesizedApps } from '../helpers/assemblies';

/**
 * trust-page.html in a real browser: headless Chromium (Debian's `chromium`, driven by
 * playwright-core) opens the reference app's page from a file:// URL with JavaScript off, finds
 * every promise the page may state with every fact that proves it, and checks that nothing
 * leaves the file (every other request is blocked and counted) and nothing is logged as an
 * error. It saves screenshots under test-reports/ (kept by CI).
 *
 * Chromium: `CHROMIUM_PATH`, else /usr/bin/chromium (`apt-get install chromium`; .ci/run installs
 * it). Without one, the test is skipped, unless `CDP_BROWSER_TEST=required` (.ci/run sets it),
 * when it fails. `UPDATE_TRUST_PAGE_SCREENSHOT=1` also writes docs/trust-page.png (the README's;
 * docs/architecture.svg is the reference app's `cdk.out/architecture.svg` from `npx cdk synth`, which
 * records construct paths).
 */

const ROOT = path.join(__dirname, '..', '..');
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && fs.existsSync(p));
const REQUIRED = process.env.CDP_BROWSER_TEST === 'required';
const REPORTS = path.join(ROOT, 'test-reports');

if (!CHROMIUM && REQUIRED) {
  throw new Error('CDP_BROWSER_TEST=required but no Chromium found: install it (`apt-get install -y chromium`) or set CHROMIUM_PATH');
}

(CHROMIUM ? describe : describe.skip)('trust-page.html in headless Chromium', () => {
  let browser: Browser;
  let outDir: string;
  let statable: ClaimResult[];

  beforeAll(async () => {
    // GIVEN: the reference app, synthesized, and its report written into a directory of its own
    const reference = (await synthesizedApps()).find((a) => a.name === 'reference')!;
    expect(reference.error).toBeUndefined();
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-page-html-'));
    EvidenceReport.write(reference.directory, { outDir, serviceName: 'Blossom', groupByFramework: true });
    statable = statableClaims(verifyAssembly(readAssembly(reference.directory)));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  }, SYNTHESIS_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    if (outDir) {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });

  test('S0-02 S4-13 every PROVEN promise is on the page with its facts, nothing leaves the file, no console error', async () => {
    const file = path.join(outDir, 'trust-page.html');
    const url = pathToFileURL(file).href;
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 1600 } });
    const requests: string[] = [];
    const blocked: string[] = [];
    const errors: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    await context.route('**/*', async (route) => {
      if (route.request().url() === url) {
        await route.continue();
      } else {
        blocked.push(route.request().url());
        await route.abort('blockedbyclient');
      }
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') {
        errors.push(`${m.type()}: ${m.text()}`);
      }
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    try {
      // WHEN
      const response = await page.goto(url, { waitUntil: 'load' });

      // THEN: the document, its landmarks and its headings
      expect(response === null || response.ok()).toBe(true);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.getByRole('heading', { level: 1 }).allTextContents()).toEqual(['Security & Privacy']);
      for (const role of ['banner', 'navigation', 'main', 'contentinfo'] as const) {
        expect(await page.getByRole(role).count()).toBe(1);
      }
      await expect(page.getByRole('img', { name: /^Architecture of Blossom/ }).isVisible()).resolves.toBe(true);
      expect(await page.locator('footer code.commit').textContent()).toMatch(/^([0-9a-f]{7,64}|not recorded)$/);

      // Every promise the page may state, with its statement and every fact (one click away)
      expect(statable.length).toBeGreaterThan(30);
      for (const id of [...new Set(statable.map((c) => c.id))]) {
        const claims = statable.filter((c) => c.id === id);
        const item = page.locator(`li.promise:has(table.facts[data-claim="${id}"][data-kind="designed"])`);
        expect(await item.count()).toBeGreaterThanOrEqual(1);
        const statements = (await item.locator('p.statement').allTextContents()).map(oneLine);
        for (const c of claims) {
          expect(statements).toContain(oneLine(c.text));
        }
        const rows = page.locator(`table.facts[data-claim="${id}"][data-kind="designed"] tbody tr`);
        expect(await rows.count()).toBe(claims.reduce((n, c) => n + c.facts.length, 0));
        expect(await rows.first().isVisible()).toBe(false);
        await item.first().locator('summary').click();
        expect(await page.locator(`table.facts[data-claim="${id}"][data-kind="designed"]`).first().isVisible()).toBe(true);
      }

      // Nothing but the file itself was requested, and nothing was logged as an error
      expect(blocked).toEqual([]);
      expect(requests.filter((r) => r !== url)).toEqual([]);
      expect(errors).toEqual([]);

      // The screenshots CI keeps: the whole page (facts folded), the top with the first facts open, the diagram
      fs.mkdirSync(REPORTS, { recursive: true });
      await page.goto(url, { waitUntil: 'load' });
      await page.screenshot({ path: path.join(REPORTS, 'trust-page-full.jpg'), fullPage: true, type: 'jpeg', quality: 70 });
      await page.locator('li.promise summary').first().click();
      await page.screenshot({ path: path.join(REPORTS, 'trust-page.png') });
      if (process.env.UPDATE_TRUST_PAGE_SCREENSHOT === '1') {
        fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
        await page.screenshot({ path: path.join(ROOT, 'docs', 'trust-page.png') });
      }
      await page.locator('section[aria-labelledby="architecture"]').screenshot({ path: path.join(REPORTS, 'trust-page-architecture.png') });
      expect(fs.statSync(path.join(REPORTS, 'trust-page.png')).size).toBeGreaterThan(10_000);
    } finally {
      await context.close();
    }
  });
});
