/** Background service worker entry: an Angular injector (no DOM, no application) running the background features. */
import { Injector } from '@angular/core';
import { BackgroundApp } from './app/background-app';
import { BACKGROUND_PROVIDERS } from './app/background-providers';
import { PLATFORM_PROVIDERS } from './app/platform';

const injector = Injector.create({ providers: [...PLATFORM_PROVIDERS, ...BACKGROUND_PROVIDERS], name: 'background' });
injector.get(BackgroundApp).init();
