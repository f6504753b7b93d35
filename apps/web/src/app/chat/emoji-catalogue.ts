/**
 * The emoji the picker offers: a curated set (no emoji library — a few kilobytes instead of a
 * few hundred), each fully qualified so the server stores it as sent, with English and Chinese
 * names for search and for screen readers.
 */
export type EmojiCategory =
  'people' | 'gestures' | 'nature' | 'food' | 'activity' | 'objects' | 'symbols';

export interface EmojiEntry {
  emoji: string;
  en: string;
  zh: string;
  category: EmojiCategory;
}

const e = (emoji: string, en: string, zh: string, category: EmojiCategory): EmojiEntry => ({
  emoji,
  en,
  zh,
  category,
});

export const EMOJI: readonly EmojiEntry[] = [
  e('😀', 'grinning face', '笑脸', 'people'),
  e('😃', 'smiley', '开心', 'people'),
  e('😄', 'smile', '大笑', 'people'),
  e('😁', 'grin', '露齿笑', 'people'),
  e('😆', 'laughing', '哈哈', 'people'),
  e('😅', 'sweat smile', '尴尬笑', 'people'),
  e('😂', 'joy tears of joy', '笑哭', 'people'),
  e('🤣', 'rolling on the floor laughing', '笑翻', 'people'),
  e('🙂', 'slight smile', '微笑', 'people'),
  e('😉', 'wink', '眨眼', 'people'),
  e('😊', 'blush', '害羞', 'people'),
  e('😇', 'innocent halo', '天使', 'people'),
  e('😍', 'heart eyes love', '喜欢', 'people'),
  e('🥰', 'smiling with hearts', '爱心笑脸', 'people'),
  e('😘', 'kiss', '飞吻', 'people'),
  e('😋', 'yum delicious', '好吃', 'people'),
  e('😎', 'cool sunglasses', '酷', 'people'),
  e('🤓', 'nerd', '书呆子', 'people'),
  e('🤔', 'thinking', '思考', 'people'),
  e('🤨', 'raised eyebrow', '怀疑', 'people'),
  e('😐', 'neutral', '无语', 'people'),
  e('😶', 'no mouth speechless', '沉默', 'people'),
  e('🙄', 'eye roll', '翻白眼', 'people'),
  e('😏', 'smirk', '得意', 'people'),
  e('😬', 'grimace', '龇牙', 'people'),
  e('😌', 'relieved', '欣慰', 'people'),
  e('😴', 'sleeping', '睡觉', 'people'),
  e('😷', 'mask sick', '口罩', 'people'),
  e('🤒', 'fever', '发烧', 'people'),
  e('🤯', 'mind blown', '震惊', 'people'),
  e('😮', 'surprised open mouth', '惊讶', 'people'),
  e('😲', 'astonished', '吃惊', 'people'),
  e('😳', 'flushed', '脸红', 'people'),
  e('🥺', 'pleading', '可怜', 'people'),
  e('😢', 'cry', '哭', 'people'),
  e('😭', 'sob', '大哭', 'people'),
  e('😤', 'triumph huff', '生气', 'people'),
  e('😡', 'angry', '愤怒', 'people'),
  e('🥳', 'party face', '庆祝', 'people'),
  e('😱', 'scream', '尖叫', 'people'),
  e('🤗', 'hug', '拥抱', 'people'),
  e('🤫', 'shush', '嘘', 'people'),
  e('🤝', 'handshake', '握手', 'gestures'),
  e('👍', 'thumbs up yes', '赞', 'gestures'),
  e('👎', 'thumbs down no', '踩', 'gestures'),
  e('👏', 'clap', '鼓掌', 'gestures'),
  e('🙌', 'raised hands hooray', '举手欢呼', 'gestures'),
  e('🙏', 'pray thanks please', '感谢', 'gestures'),
  e('👌', 'ok hand', '好的', 'gestures'),
  e('✌️', 'victory peace', '胜利', 'gestures'),
  e('🤞', 'fingers crossed', '祈祷好运', 'gestures'),
  e('👋', 'wave hello bye', '挥手', 'gestures'),
  e('💪', 'muscle strong', '加油', 'gestures'),
  e('👀', 'eyes looking', '围观', 'gestures'),
  e('🫡', 'salute', '敬礼', 'gestures'),
  e('🤷', 'shrug', '耸肩', 'gestures'),
  e('🙋', 'raising hand', '举手', 'gestures'),
  e('🙅', 'no gesture', '不行', 'gestures'),
  e('🐶', 'dog', '狗', 'nature'),
  e('🐱', 'cat', '猫', 'nature'),
  e('🐼', 'panda', '熊猫', 'nature'),
  e('🐯', 'tiger', '老虎', 'nature'),
  e('🐉', 'dragon', '龙', 'nature'),
  e('🌸', 'cherry blossom', '樱花', 'nature'),
  e('🌹', 'rose', '玫瑰', 'nature'),
  e('🌞', 'sun', '太阳', 'nature'),
  e('🌙', 'moon', '月亮', 'nature'),
  e('⭐', 'star', '星星', 'nature'),
  e('🔥', 'fire hot', '火', 'nature'),
  e('🌈', 'rainbow', '彩虹', 'nature'),
  e('☔', 'umbrella rain', '下雨', 'nature'),
  e('❄️', 'snowflake', '雪花', 'nature'),
  e('☕', 'coffee', '咖啡', 'food'),
  e('🍵', 'tea', '茶', 'food'),
  e('🍺', 'beer', '啤酒', 'food'),
  e('🍜', 'noodles ramen', '面条', 'food'),
  e('🥟', 'dumpling', '饺子', 'food'),
  e('🍚', 'rice', '米饭', 'food'),
  e('🍕', 'pizza', '披萨', 'food'),
  e('🍰', 'cake', '蛋糕', 'food'),
  e('🍎', 'apple', '苹果', 'food'),
  e('🍉', 'watermelon', '西瓜', 'food'),
  e('🧧', 'red envelope', '红包', 'food'),
  e('🎉', 'tada party', '庆祝', 'activity'),
  e('🎊', 'confetti', '彩带', 'activity'),
  e('🎂', 'birthday cake', '生日', 'activity'),
  e('🎁', 'gift', '礼物', 'activity'),
  e('🏆', 'trophy', '奖杯', 'activity'),
  e('🥇', 'first place medal', '第一名', 'activity'),
  e('⚽', 'football soccer', '足球', 'activity'),
  e('🏀', 'basketball', '篮球', 'activity'),
  e('🎮', 'video game', '游戏', 'activity'),
  e('🎵', 'music note', '音乐', 'activity'),
  e('🏃', 'running', '跑步', 'activity'),
  e('💻', 'laptop computer', '电脑', 'objects'),
  e('📱', 'phone mobile', '手机', 'objects'),
  e('📧', 'email', '邮件', 'objects'),
  e('📅', 'calendar date', '日历', 'objects'),
  e('📌', 'pin', '图钉', 'objects'),
  e('📎', 'paperclip attachment', '回形针', 'objects'),
  e('📝', 'memo note', '笔记', 'objects'),
  e('📊', 'chart bar', '图表', 'objects'),
  e('📈', 'chart up growth', '上涨', 'objects'),
  e('💡', 'idea light bulb', '想法', 'objects'),
  e('🔒', 'lock', '锁', 'objects'),
  e('🔑', 'key', '钥匙', 'objects'),
  e('⏰', 'alarm clock', '闹钟', 'objects'),
  e('🚀', 'rocket launch ship', '发布', 'objects'),
  e('🐛', 'bug', '虫子', 'objects'),
  e('🛠️', 'tools fix', '工具', 'objects'),
  e('💰', 'money bag', '钱', 'objects'),
  e('❤️', 'red heart love', '爱心', 'symbols'),
  e('💔', 'broken heart', '心碎', 'symbols'),
  e('💯', 'hundred points', '一百分', 'symbols'),
  e('✅', 'check done', '完成', 'symbols'),
  e('❌', 'cross wrong', '错误', 'symbols'),
  e('⚠️', 'warning', '警告', 'symbols'),
  e('❓', 'question', '问号', 'symbols'),
  e('❗', 'exclamation', '感叹号', 'symbols'),
  e('➕', 'plus', '加', 'symbols'),
  e('👉', 'point right', '指向', 'symbols'),
  e('🆗', 'ok button', '好', 'symbols'),
  e('🆕', 'new', '新', 'symbols'),
  e('🔴', 'red circle', '红点', 'symbols'),
  e('🟢', 'green circle', '绿点', 'symbols'),
];

/** The row offered first, for reactions: the most used. */
export const QUICK_EMOJI = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '👀', '✅', '🚀'] as const;

/**
 * The entries whose English or Chinese names contain every typed word (case-insensitive);
 * nothing typed: all of them, in catalogue order.
 */
export function searchEmoji(query: string, entries: readonly EmojiEntry[] = EMOJI): EmojiEntry[] {
  const words = query.toLowerCase().trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...entries];
  return entries.filter((entry) => {
    const names = `${entry.en} ${entry.zh}`.toLowerCase();
    return words.every((word) => names.includes(word));
  });
}

/** An entry's name in the reader's language (for aria-label and title). */
export function emojiName(emoji: string, language: string): string {
  const entry = EMOJI.find((x) => x.emoji === emoji);
  if (!entry) return emoji;
  return language.startsWith('zh') ? entry.zh : entry.en.split(' ').slice(0, 2).join(' ');
}
