/**
 * One phone authority, proven over both corpora: for every labeled number (shared/corpus/phone-cases.json) and every
 * number read on the corpus pages (shared/corpus/pages), the popup's preview of the number as written, the content
 * script's reading of it in its text and as a tel: link, and what the Worker receives are one and the same E.164.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { previewNumber } from '../../../../popup/src/app/phone-preview';
import { findPhoneNumbers } from '../phone/find-phone-numbers';
import { telUriToE164 } from '../phone/tel-uri';
import { corpusDirectory, loadPhoneCorpus, loadRegionCorpus } from '../phone/testing/phone-corpus';
import { PlaceCallRequestSchema } from './http-api';
import { MessageType } from './message-type';
import { RuntimeMessageSchema } from './messages';
import { useAllNumberingPlans } from '../phone/numbering-plans';

// Every region's plan, as the popup has; the content script is handed only the user's country's.
useAllNumberingPlans();

const repoRoot = resolve(__dirname, '../../../../..');

interface Written {
  /** Where the number was written: a case id or a page name. */
  where: string;
  /** The surrounding text the content script reads. */
  text: string;
  /** The number as written, a slice of `text`. */
  written: string;
  defaultCountry: string;
}

function labeledNumbers(): Written[] {
  const corpus = loadPhoneCorpus(repoRoot);
  return corpus.cases.flatMap((phoneCase) =>
    phoneCase.expected.map((label) => ({ where: phoneCase.id, text: phoneCase.text, written: label.raw, defaultCountry: corpus.defaultCountry })),
  );
}

/** The region cases' numbers, each with the default country of its case. */
function regionNumbers(): Written[] {
  return loadRegionCorpus().cases.flatMap((regionCase) =>
    regionCase.expected.map((label) => ({ where: regionCase.id, text: regionCase.text, written: label.raw, defaultCountry: regionCase.defaultCountry })),
  );
}

/** The pages' text as a content script sees it, roughly: scripts, styles and tags dropped, entities of numbers kept. */
function pageNumbers(): Written[] {
  const pages = join(corpusDirectory(repoRoot), 'pages');
  return readdirSync(pages)
    .filter((name) => name.endsWith('.html'))
    .flatMap((name) => {
      const text = readFileSync(join(pages, name), 'utf8')
        .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
        .replace(/<[^>]*>/g, ' ')
        .replace(/&nbsp;/g, ' ');
      return findPhoneNumbers(text, { defaultCountry: 'US' }).map((found) => ({
        where: name,
        text,
        written: text.slice(found.start, found.end),
        defaultCountry: 'US',
      }));
    });
}

/** Every way the number reaches the Worker; a disagreement is reported with where the number was written. */
function disagreements(numbers: Written[], preview: typeof previewNumber = previewNumber): string[] {
  return numbers.flatMap(({ where, text, written, defaultCountry }) => {
    const read = findPhoneNumbers(text, { defaultCountry }).find((found) => text.slice(found.start, found.end) === written)?.e164;
    const shown = preview(written, defaultCountry);
    const previewed = shown.kind === 'valid' ? shown.e164 : undefined;
    const telLink = telUriToE164(`tel:${encodeURIComponent(written)}`, defaultCountry);
    const dial = RuntimeMessageSchema.safeParse({ type: MessageType.Dial, destination: previewed, source: 'popup' });
    const ask = RuntimeMessageSchema.safeParse({ type: MessageType.AskToDial, number: read, source: 'highlight' });
    const worker = PlaceCallRequestSchema.safeParse({ destination: dial.success && dial.data.type === MessageType.Dial ? dial.data.destination : undefined });
    const agree =
      read !== undefined &&
      previewed === read &&
      // A tel: link is plain ASCII; only a number written with other dashes or full-width digits may not read as one.
      (telLink === read || (telLink === undefined && /[^\x20-\x7e]/.test(written))) &&
      ask.success &&
      worker.success &&
      worker.data.destination === read;
    return agree ? [] : [`${where}: ${JSON.stringify(written)} read ${read}, previewed ${previewed}, tel: ${telLink}`];
  });
}

describe('one phone authority: popup preview = content script reading = what the Worker receives', () => {
  const labeled = labeledNumbers();
  const onPages = pageNumbers();

  it('has numbers to compare in both corpora', () => {
    expect(labeled.length).toBeGreaterThanOrEqual(100);
    expect(onPages.length).toBeGreaterThan(0);
  });

  it('agrees on every labeled number of phone-cases.json', () => {
    expect(disagreements(labeled)).toEqual([]);
  });

  it('agrees on every labeled number of the region cases, each read with its own default country', () => {
    const numbers = regionNumbers();
    expect(numbers.length).toBeGreaterThanOrEqual(50);
    expect(disagreements(numbers)).toEqual([]);
  });

  it('agrees on every number read on the corpus pages', () => {
    expect(disagreements(onPages)).toEqual([]);
  });

  it('notices a preview that reads differently (one that ignores the default country)', () => {
    const ignoringCountry: typeof previewNumber = (written) => previewNumber(written, 'GB');
    expect(disagreements(labeled, ignoringCountry).length).toBeGreaterThan(0);
  });
});
