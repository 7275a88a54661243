import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ParleyModuleOptions } from './parley.options.js';

export const {
  ConfigurableModuleClass: ParleyConfigurableModule,
  MODULE_OPTIONS_TOKEN: PARLEY_MODULE_OPTIONS,
  OPTIONS_TYPE: PARLEY_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: PARLEY_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ParleyModuleOptions>({ moduleName: 'Parley' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createParleyOptions')
  .build();
