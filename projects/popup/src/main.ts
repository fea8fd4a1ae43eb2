/**
 * Popup entry: bootstraps the zoneless standalone root for this window: the toolbar popup, or the confirmation
 * window the background opens for a number a page offered (`popup.html?confirm=<token>`).
 */
import { bootstrapApplication } from '@angular/platform-browser';
import { provideZonelessChangeDetection } from '@angular/core';
import { AppComponent } from './app/app.component';
import { ConfirmDialComponent } from './app/confirm-dial.component';
import { confirmationTokenIn } from './app/confirmation-token';

const root = confirmationTokenIn(location.search) === null ? AppComponent : ConfirmDialComponent;
bootstrapApplication(root, { providers: [provideZonelessChangeDetection()] }).catch((error: unknown) =>
  console.error(error),
);
