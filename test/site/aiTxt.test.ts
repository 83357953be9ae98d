import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateAiTxt, loadAiTxtMedia, parseAiTxt, parseAiTxtMedia } from '../../src/protocols/aiTxt/file';
import { defaultResources } from '../../src/resources/resources';

const media = loadAiTxtMedia(defaultResources().dataDir);
const decide = (body: string, path: string, agent: string | null = null) =>
  evaluateAiTxt(parseAiTxt({ body }), path, agent, media);

describe('Spawning ai.txt', () => {
  test('extension rules: an HTML page is text; images follow their own extension', () => {
    const text = 'User-Agent: *\nDisallow: *.txt\nDisallow: *.pdf\nAllow: *.jpg\n';
    expect(decide(text, '/news/article')).toMatchObject({ allowed: false, mediaType: 'text' });
    expect(decide(text, '/news/article.html')?.allowed).toBe(false);
    expect(decide(text, '/img/a.jpg')).toMatchObject({ allowed: true, mediaType: 'images' });
    expect(decide(text, '/img/a.png')).toBeNull();
  });

  test('path rules as in robots.txt; longest wins, Allow on ties; own group beats "*"', () => {
    const body = 'User-Agent: *\nDisallow: /\nAllow: /public/\n\nUser-Agent: GPTBot\nAllow: /\n';
    expect(decide(body, '/private/x')?.allowed).toBe(false);
    expect(decide(body, '/public/x')?.allowed).toBe(true);
    expect(decide(body, '/private/x', 'GPTBot')).toMatchObject({ allowed: true, named: true });
  });

  test('the corpus ai.txt (stowarzyszeniewachniewskiej.pl, ai.txt-version line, Polish comments)', () => {
    const body = readFileSync(join(__dirname, '..', 'fixtures', 'robots', 'stowarzyszeniewachniewskiej_pl_ai.txt'));
    const file = parseAiTxt({ body });
    expect(file.spawning).toBe(true);
    expect(evaluateAiTxt(file, '/posts/x', null, media)?.allowed).toBe(true);
    expect(evaluateAiTxt(file, '/images/a.jpg', null, media)?.allowed).toBe(false);
    expect(evaluateAiTxt(file, '/kontakt', null, media)).toBeNull();
  });

  test('the media table is validated on load with errors naming file and field', () => {
    expect(() => parseAiTxtMedia('page_type: text\nmedia:\n  text: [txt]\n  images: [txt]\n', 'm.yaml')).toThrow(
      'm.yaml: media.images[0]: "txt" is already listed under text',
    );
    expect(() => parseAiTxtMedia('page_type: prose\nmedia:\n  text: [txt]\n', 'm.yaml')).toThrow('m.yaml: page_type:');
    expect(() => parseAiTxtMedia('page_type: text\nmedia:\n  text: [".txt"]\n', 'm.yaml')).toThrow(
      'm.yaml: media.text[0]:',
    );
  });
});
