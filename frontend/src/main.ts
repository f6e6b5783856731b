import './style.css'

import { createPinia } from 'pinia'
import { createApp } from 'vue'

import App from './App.vue'
import { createAppRouter } from './router'
import { useThemeStore } from './stores/theme'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
// Apply the colour theme before the first route renders.
useThemeStore(pinia)
app.use(createAppRouter())
app.mount('#app')
