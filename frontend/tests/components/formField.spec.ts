import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'

import FormField from '@/components/forms/FormField.vue'

describe('a form field', () => {
  it('reads typed text in its own direction (dir="auto"), and follows the page while empty', async () => {
    const w = mount(FormField, { props: { id: 'name', label: 'Name', modelValue: '' } })
    const input = () => w.get('input')
    expect(input().attributes('dir')).toBeUndefined()
    await w.setProps({ modelValue: 'ليلى' })
    expect(input().attributes('dir')).toBe('auto')

    const area = mount(FormField, { props: { id: 'bio', label: 'Bio', multiline: true, modelValue: 'Hello' } })
    expect(area.get('textarea').attributes('dir')).toBe('auto')
  })

  it('leaves a password’s direction alone', () => {
    const w = mount(FormField, { props: { id: 'pw', label: 'Password', type: 'password', modelValue: 'secret' } })
    expect(w.get('input').attributes('dir')).toBeUndefined()
  })
})
