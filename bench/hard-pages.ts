/** Pages built to be hard for the content script: each stresses one way a slice of its work could run long. */

/** One generated page: its markup (scripts allowed: they build what HTML cannot express) and what it must yield. */
export interface HardPage {
  path: string;
  kind: string;
  html: string;
  /** Numbers the page shows that must all end up highlighted; undefined when the page keeps changing them. */
  expectedHighlights?: number;
  /** The page keeps changing: measure for this long after it is loaded and scrolled, not until highlights settle. */
  busyMs?: number;
}

const AREA_CODES = ['212', '310', '415', '646', '718', '312', '617', '202', '305', '512'];

/** The i-th of a family of distinct, valid US numbers, written "(AAA) 555-01NN". */
function usNumber(index: number): string {
  const area = AREA_CODES[index % AREA_CODES.length] ?? '212';
  const line = String(100 + (Math.floor(index / AREA_CODES.length) % 100)).padStart(4, '0');
  return `(${area}) 555-${line}`;
}

const page = (body: string, script = ''): string =>
  `<!doctype html><html><head><title>hard</title></head><body>${body}${script === '' ? '' : `<script>${script}</script>`}</body></html>`;

/**
 * One text node of 1 MB: prose full of digits (so no piece is skipped cheaply) with no 32-character stretch
 * free of digits (so the script cannot cut it at a quiet place), and a number every 10 KB.
 */
function oneMegabyteTextNode(): HardPage {
  const filler = 'Order 12 shipped on day 345, lot 6789, box 1011. ';
  const numbers = 100;
  let text = '';
  for (let index = 0; index < numbers; index++) {
    while (text.length < (index + 1) * 10_240 - 40) text += filler;
    text += `Call ${usNumber(index)} now. `;
  }
  while (text.length < 1_048_576) text += filler;
  return { path: '/hard-1mb-text-node', kind: 'one 1 MB text node', html: page(`<p>${text}</p>`), expectedHighlights: numbers };
}

/** 100,000 small text nodes, each long enough and with a digit (the detector runs on every one), 100 of them numbers. */
function smallTextNodes(): HardPage {
  const parts: string[] = [];
  for (let index = 0; index < 100_000; index++) {
    parts.push(index % 1000 === 0 ? `<span>Tel ${usNumber(index / 1000)}</span> ` : `<span>item ${index} ok</span> `);
  }
  return {
    path: '/hard-100k-text-nodes',
    kind: '100,000 small text nodes',
    html: page(`<div>${parts.join('')}</div>`),
    expectedHighlights: 100,
  };
}

/**
 * A tree 5,000 elements deep, text at every level: built by script (the HTML parser stops nesting at 512), of
 * inline elements (5,000 nested blocks crash Chromium 156's renderer with or without the extension).
 */
function deepTree(): HardPage {
  const script =
    'let parent=document.body;' +
    'for(let i=0;i<5000;i++){const d=document.createElement("span");' +
    `d.append(i%500===250?"Desk ${'${'}i} "+${JSON.stringify(usNumber(0))}.replace("0100",String(1000+i/250)):"level "+i+" of the tree");` +
    'parent.append(d);parent=d;}';
  return { path: '/hard-5000-deep', kind: 'a tree 5,000 elements deep', html: page('', script), expectedHighlights: 10 };
}

/** A page that removes and adds 4,000 nodes a second (every 50 ms: 200 out, 200 in), a tenth of them numbers. */
function churningPage(): HardPage {
  const script =
    'const box=document.createElement("div");document.body.append(box);let n=0;' +
    'const add=()=>{const p=document.createElement("p");n++;' +
    `p.textContent=n%10===0?"Line "+n+" call ${usNumber(3)}":"Line "+n+" of 2026 items";box.append(p);};` +
    'for(let i=0;i<2000;i++)add();' +
    'setInterval(()=>{for(let i=0;i<200;i++){box.firstChild.remove();add();}},50);';
  return { path: '/hard-churn', kind: 'removes and adds 4,000 nodes a second', html: page('', script), busyMs: 5_000 };
}

/** 10,000 numbers, one per paragraph. */
function tenThousandNumbers(): HardPage {
  const parts: string[] = [];
  for (let index = 0; index < 10_000; index++) parts.push(`<p>Branch ${index}: ${usNumber(index)}</p>`);
  return { path: '/hard-10k-numbers', kind: '10,000 numbers', html: page(parts.join('')), expectedHighlights: 10_000 };
}

export function hardPages(): HardPage[] {
  return [oneMegabyteTextNode(), smallTextNodes(), deepTree(), churningPage(), tenThousandNumbers()];
}
