/**
 * Codes of refused changes and sync request errors, with the message a worker reads (zh-CN). The server
 * sends both; a client may show its own copy of the message for a code it knows.
 */
export const SYNC_ERROR_MESSAGES = {
  // per change
  unknown_type: '未知的记录类型',
  type_not_writable: '此类记录不能从平板提交',
  type_mismatch: '记录类型与服务器上的记录不一致',
  role_not_allowed: '您的角色不能提交此类修改',
  unknown_unit: '所属单位不存在',
  out_of_scope: '无权修改其他单位的数据',
  unit_mismatch: '记录的所属单位与服务器上的不一致，不能通过同步改变所属单位',
  record_not_found: '服务器上没有这条记录，无法在其基础上修改',
  missing_household: '成员、走访和附件必须属于一个家庭（缺少家庭编号）',
  unknown_household: '所属家庭在服务器上不存在，请先同步该家庭',
  invalid_data: '数据不符合要求',
  field_not_writable: '该字段只能通过业务流程操作修改',
  file_not_accessible:
    '不能引用该附件文件：只能引用本人上传的文件或本单位记录中已有的文件，请在本机重新拍摄或选择后再同步',
  change_id_reused: '变更编号重复但内容不同，已拒绝',
  unsupported_command: '服务器暂不支持此业务操作',
  invalid_command: '业务操作不合法',
  unknown_conflict: '冲突记录不存在',
  conflict_already_resolved: '该冲突已由他人处理',
  internal_error: '服务器处理此修改时出错，将在下次同步时重试',
  // request level
  client_too_old: '客户端版本过旧，请更新应用后再同步；未同步的数据仍保存在本机',
  server_too_old: '服务器版本较旧，暂不能接收本机数据，请联系管理员升级；未同步的数据仍保存在本机',
  too_many_changes: '一次推送的修改超过 500 条，请分批推送',
  push_too_large: '一次推送的数据超过 1 MB，请分批推送',
  attachment_too_large: '附件超过 10 MB，请压缩后重新上传',
  chunk_too_large: '每次上传的分块不能超过 1 MB',
  bundle_too_large: '同步文件超过 50 MB：未同步的修改太多，一个文件放不下，请在有网络时直接同步',
  offset_mismatch: '上传位置不一致，请从服务器记录的位置继续上传',
  hash_mismatch: '附件内容与校验值不符，已丢弃，请重新上传',
  invalid_upload: '上传请求不完整或不正确',
  attachment_missing: '附件文件尚未上传到服务器',
  bundle_damaged: '同步文件已损坏（校验值不符或格式不完整），未导入任何数据',
  bundle_unsupported: '同步文件的版本不受支持，请更新应用后重新导出',
  bundle_unknown_device: '同步文件来自未登记的设备，无法验证来源，未导入任何数据',
  bundle_tampered: '同步文件的签名不符，可能被篡改，未导入任何数据',
  bundle_out_of_scope: '同步文件中有超出您或导出人管辖范围的数据，未导入任何数据',
  bundle_author_inactive: '导出同步文件的账号不存在或已停用，未导入任何数据',
  bundle_unencrypted:
    '这是旧版本导出的未加密同步文件，已不再接受。请在平板上更新应用后重新导出，未导入任何数据',
  bundle_decrypt_failed: '同步文件无法解密：文件被改动过，或不是该设备为本服务器导出的，未导入任何数据',
  bundle_device_revoked: '同步文件来自已停用的设备，其签名密钥已作废，未导入任何数据',
  device_revoked: '本设备已被停用，不能再同步',
} as const;

export type SyncErrorCode = keyof typeof SYNC_ERROR_MESSAGES;

export function syncErrorMessage(code: SyncErrorCode): string {
  return SYNC_ERROR_MESSAGES[code];
}
