/** Every service of the background, for its injector (Injector.create has no "root" scope for providedIn). */
import { inject, type Provider } from '@angular/core';
import { Catalogue } from '../../../extension/i18n/catalogue';
import { BackgroundApp } from './background-app';
import { BadgeFeature } from './badge';
import { CALL_TIMINGS, CallFeature, DEFAULT_CALL_TIMINGS } from './call-feature';
import { CommandFeature } from './command-feature';
import { ContentBroadcast } from './content-broadcast';
import { ContextMenuFeature } from './context-menu-feature';
import { DialConfirmationFeature } from './dial-confirmation';
import { DialFeature } from './dial-feature';
import { ExtensionStore } from './extension-store';
import { LocalStorage } from './local-storage';
import { ManagedPolicyFeature } from './managed-policy';
import { MessageRouter } from './message-router';
import { CHROME } from './platform';
import { PolicyFeature } from './policy-feature';
import { PopupState } from './popup-state';
import { SessionFeature } from './session-feature';
import { SettingsFeature } from './settings-feature';
import { WorkerClient } from './worker-client';
import { WorkerConfig } from './worker-config';

export const BACKGROUND_PROVIDERS: Provider[] = [
  BackgroundApp,
  BadgeFeature,
  CallFeature,
  { provide: CALL_TIMINGS, useValue: DEFAULT_CALL_TIMINGS },
  { provide: Catalogue, useFactory: () => new Catalogue(inject(CHROME).i18n) },
  CommandFeature,
  ContentBroadcast,
  ContextMenuFeature,
  DialConfirmationFeature,
  DialFeature,
  ExtensionStore,
  LocalStorage,
  ManagedPolicyFeature,
  MessageRouter,
  PolicyFeature,
  PopupState,
  SessionFeature,
  SettingsFeature,
  WorkerClient,
  WorkerConfig,
];
