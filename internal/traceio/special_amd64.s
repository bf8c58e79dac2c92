#include "textflag.h"

// func indexSpecialSSE2(b []byte, high bool) int
//
// Returns the index of the first byte of b that is '"', '\\' or below
// 0x20, or, when high is set, 0x80 or above; -1 when there is none. It
// tests 16 bytes per step. A tail shorter than 16 bytes is tested with
// one more load of the last 16 bytes of b, its bytes already tested
// masked out; a b shorter than 16 bytes is tested byte by byte. SSE2 is
// part of every amd64 processor.
TEXT ·indexSpecialSSE2(SB), NOSPLIT, $0-40
	MOVQ b_base+0(FP), SI
	MOVQ b_len+8(FP), BX
	MOVBLZX high+24(FP), R8
	NEGL R8                       // 0 or all ones: the mask for the top bits
	MOVQ SI, DI                   // start of b
	CMPQ BX, $16
	JLT short
	LEAQ -16(SI)(BX*1), R9        // start of the last 16 bytes

	MOVQ $0x2222222222222222, AX
	MOVQ AX, X1
	PUNPCKLQDQ X1, X1             // '"' in every byte
	MOVQ $0x5c5c5c5c5c5c5c5c, AX
	MOVQ AX, X2
	PUNPCKLQDQ X2, X2             // '\\' in every byte
	MOVQ $0x1f1f1f1f1f1f1f1f, AX
	MOVQ AX, X3
	PUNPCKLQDQ X3, X3             // 0x1f in every byte

loop:
	CMPQ SI, R9
	JGT tail
	MOVOU (SI), X0
	MOVO X0, X4
	PCMPEQB X1, X4
	MOVO X0, X5
	PCMPEQB X2, X5
	MOVO X0, X6
	PMINUB X3, X6
	PCMPEQB X0, X6                // bytes equal to min(byte, 0x1f): below 0x20
	POR X5, X4
	POR X6, X4
	PMOVMSKB X4, DX
	PMOVMSKB X0, CX
	ANDL R8, CX
	ORL CX, DX
	TESTL DX, DX
	JNE found
	ADDQ $16, SI
	JMP loop

tail:
	// SI is past R9 by 1 to 15 bytes, or by 16 when b ends at a block
	// boundary.
	MOVQ SI, CX
	SUBQ R9, CX                   // bytes of the last 16 already tested
	CMPQ CX, $16
	JEQ none
	MOVOU (R9), X0
	MOVO X0, X4
	PCMPEQB X1, X4
	MOVO X0, X5
	PCMPEQB X2, X5
	MOVO X0, X6
	PMINUB X3, X6
	PCMPEQB X0, X6
	POR X5, X4
	POR X6, X4
	PMOVMSKB X4, DX
	PMOVMSKB X0, AX
	ANDL R8, AX
	ORL AX, DX
	SHRL CX, DX                   // drop the bytes already tested
	TESTL DX, DX
	JEQ none
	BSFL DX, DX
	SUBQ DI, SI
	ADDQ DX, SI
	MOVQ SI, ret+32(FP)
	RET

found:
	BSFL DX, DX
	SUBQ DI, SI
	ADDQ DX, SI
	MOVQ SI, ret+32(FP)
	RET

short:
	TESTQ BX, BX
	JEQ none
	MOVBLZX (SI), AX
	CMPB AL, $0x22
	JEQ shortfound
	CMPB AL, $0x5c
	JEQ shortfound
	CMPB AL, $0x20
	JB shortfound
	ANDL R8, AX
	TESTB $0x80, AL
	JNE shortfound
	INCQ SI
	DECQ BX
	JMP short

shortfound:
	SUBQ DI, SI
	MOVQ SI, ret+32(FP)
	RET

none:
	MOVQ $-1, ret+32(FP)
	RET
