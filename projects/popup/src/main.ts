/**
 * Popup entry: bootstraps the zoneless standalone root for this window: the toolbar popup, or the confirmation
 * window the background opens for a number a page offered (`popup.html?confirm=<token>`).
 */
import { bootstrapApplication } from '@angular/platform-browser';
import { provideZonelessChangeDetection } from '@angular/core';
import { browserChrome } from '../../extension/chrome/chrome';
import { AppComponent } from './app/app.component';
import { EARLY_MIRRORED_STATE, readMirroredState } from './app/background-client';
import { ConfirmDialComponent } from './app/confirm-dial.component';
import { confirmationTokenIn } from './app/confirmation-token';

const toolbarPopup = confirmationTokenIn(location.search) === null;
// The toolbar popup's first view is what the background mirrored: asked before Angular starts, the read overlaps it.
const early = toolbarPopup ? [{ provide: EARLY_MIRRORED_STATE, useValue: readMirroredState(browserChrome()) }] : [];
bootstrapApplication(toolbarPopup ? AppComponent : ConfirmDialComponent, {
  providers: [provideZonelessChangeDetection(), ...early],
}).catch((error: unknown) => console.error(error));
