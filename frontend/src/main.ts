import './style.css'

import { createPinia } from 'pinia'
import { createApp } from 'vue'

import App from './App.vue'
import { i18n, startI18n } from './i18n'
import { createAppRouter } from './router'
import { useThemeStore } from './stores/theme'
import { followNotificationClicks, registerServiceWorker } from './utils/serviceWorker'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
// Apply the colour theme before the first route renders.
useThemeStore(pinia)
const router = createAppRouter()
app.use(router)
// The language (and its direction) before the first render: no English flash, no layout flip.
await startI18n()
app.mount('#app')
// A clicked notification opens its chat in this tab (the service worker asks).
followNotificationClicks(router)
// The app shell offline and Web Push (production builds: the dev server's modules are not cached).
if (import.meta.env.PROD) void registerServiceWorker()
