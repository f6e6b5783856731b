import type { NavigationGuard, RouteRecordRaw } from 'vue-router'

import { useAuthStore } from '@/stores/auth'

/**
 * Only a site administrator enters `/admin`; anyone else sees the page not
 * found at that address (the area does not announce itself). The server
 * checks again on every call (403 `admin_only`).
 */
export const siteAdminOnly: NavigationGuard = (to) => {
  if (useAuthStore().user?.site_admin === true) return true
  return {
    name: 'not-found',
    params: { pathMatch: to.path.split('/').filter(Boolean) },
    query: to.query,
    hash: to.hash,
    replace: true,
  }
}

const TITLE = 'layout.pageTitle.admin'

/** The site administration, a child of the signed-in shell. */
export const adminRoute: RouteRecordRaw = {
  path: 'admin',
  component: () => import('@/views/AdminView.vue'),
  beforeEnter: siteAdminOnly,
  children: [
    { path: '', name: 'admin', component: () => import('@/components/admin/AdminOverview.vue'), meta: { title: TITLE } },
    { path: 'users', name: 'admin-users', component: () => import('@/components/admin/AdminUsers.vue'), meta: { title: TITLE } },
    {
      path: 'users/:id',
      name: 'admin-user',
      component: () => import('@/components/admin/AdminUserDetails.vue'),
      props: true,
      meta: { title: TITLE },
    },
    { path: 'groups', name: 'admin-groups', component: () => import('@/components/admin/AdminGroups.vue'), meta: { title: TITLE } },
    { path: 'reports', name: 'admin-reports', component: () => import('@/components/admin/AdminReports.vue'), meta: { title: TITLE } },
    {
      path: 'audit-log',
      name: 'admin-audit-log',
      component: () => import('@/components/admin/AdminAuditLog.vue'),
      meta: { title: TITLE },
    },
  ],
}
