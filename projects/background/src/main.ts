/** Background service worker entry. */
console.info('Voipcom Click-to-Dial background');
