/** Content script entry, built as a classic script: no export, no dynamic import, nothing left at top level. */
import { chromeEdge } from './app/content-edge';
import { ContentScript } from './app/content-script';

{
  void new ContentScript({ window, edge: chromeEdge() }).start();
}
