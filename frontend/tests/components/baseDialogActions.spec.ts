import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'

import BaseDialogActions from '@/components/common/BaseDialogActions.vue'

describe('BaseDialogActions', () => {
  it('cancels, and submits with a spinner and no second press while busy', async () => {
    const w = mount(BaseDialogActions, { props: { busy: false }, slots: { default: 'Save name' } })
    const [cancel, submit] = w.findAll('button')
    expect(cancel!.text()).toBe('Cancel')
    expect(cancel!.attributes('type')).toBe('button')
    await cancel!.trigger('click')
    expect(w.emitted('cancel')).toHaveLength(1)
    expect(submit!.attributes('type')).toBe('submit')
    expect(submit!.text()).toBe('Save name')
    expect(submit!.classes()).toContain('btn-primary')
    expect(w.find('.loading').exists()).toBe(false)

    await w.setProps({ busy: true, danger: true })
    expect(submit!.attributes('disabled')).toBeDefined()
    expect(submit!.classes()).toContain('btn-error')
    expect(w.find('.loading').exists()).toBe(true)
  })

  it('can leave the submit out until the form is ready for it', () => {
    const w = mount(BaseDialogActions, { props: { busy: false, submit: false }, slots: { default: 'Delete' } })
    expect(w.findAll('button').map((b) => b.text())).toEqual(['Cancel'])
  })
})
