/** A whole chrome.tabs.Tab as Chrome reports it, for the fakes and specs of the popup and the background. */

/** An active, ordinary tab in window 1, unless `fields` say otherwise. */
export function fakeTab(fields: Partial<chrome.tabs.Tab> & { id: number }): chrome.tabs.Tab {
  return {
    index: 0,
    groupId: -1,
    windowId: 1,
    selected: true,
    lastAccessed: 0,
    highlighted: true,
    active: true,
    pinned: false,
    frozen: false,
    discarded: false,
    autoDiscardable: true,
    incognito: false,
    ...fields,
  };
}
