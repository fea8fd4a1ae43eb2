/** Every service of the background, for its injector (Injector.create has no "root" scope for providedIn). */
import { inject, type Provider } from '@angular/core';
import { Catalogue } from '../../../extension/i18n/catalogue';
import { BackgroundApp } from './background-app';
import { BadgeFeature } from './badge-feature';
import { CALL_TIMINGS, CallFeature, DEFAULT_CALL_TIMINGS } from './call-feature';
import { CommandFeature } from './command-feature';
import { ContentBroadcastFeature } from './content-broadcast-feature';
import { ContextMenuFeature } from './context-menu-feature';
import { DialConfirmationFeature } from './dial-confirmation-feature';
import { ExtensionStore } from './extension-store';
import { LocalStorage } from './local-storage';
import { ManagedPolicyFeature } from './managed-policy-feature';
import { RuntimeMessagesFeature } from './runtime-messages-feature';
import { CHROME } from '../../../extension/chrome/chrome';
import { PolicyService } from './policy-service';
import { PopupStateService } from './popup-state-service';
import { SessionService } from './session-service';
import { SettingsService } from './settings-service';
import { WorkerClient } from './worker-client';
import { WorkerConfig } from './worker-config';

export const BACKGROUND_PROVIDERS: Provider[] = [
  BackgroundApp,
  BadgeFeature,
  CallFeature,
  { provide: CALL_TIMINGS, useValue: DEFAULT_CALL_TIMINGS },
  { provide: Catalogue, useFactory: () => new Catalogue(inject(CHROME).i18n) },
  CommandFeature,
  ContentBroadcastFeature,
  ContextMenuFeature,
  DialConfirmationFeature,
  ExtensionStore,
  LocalStorage,
  ManagedPolicyFeature,
  RuntimeMessagesFeature,
  PolicyService,
  PopupStateService,
  SessionService,
  SettingsService,
  WorkerClient,
  WorkerConfig,
];
